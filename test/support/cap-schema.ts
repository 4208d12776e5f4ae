// Validation against the OASIS CAP 1.2 schema in ../shared/standards (libxml2 compiled to wasm: no install, no network).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const capDir = resolve(import.meta.dirname, '../../../shared/standards/cap-1.2');
export const capSchema = { fileName: 'CAP-v1.2.xsd', contents: readFileSync(resolve(capDir, 'CAP-v1.2.xsd'), 'utf8') };
export const capExample = () => readFileSync(resolve(capDir, 'example-amber-alert.xml'), 'utf8');

/** Schema errors of each document (empty when all validate); one wasm run for all of them. */
export async function schemaErrors(docs: string[]): Promise<string[]> {
  const result = await validateXML({ xml: docs.map((contents, i) => ({ fileName: `doc-${i}.xml`, contents })), schema: [capSchema] });
  return result.errors.map((e) => e.rawMessage);
}

/** Well-formedness only: libxml2 parses and reformats, with no schema. */
export async function parseErrors(doc: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'feed.xml', contents: doc }], normalization: 'format' });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/** The `<alert>` elements embedded in an Atom feed, each as a standalone document. */
export function embeddedAlerts(feed: string): string[] {
  return [...feed.matchAll(/<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">[\s\S]*?<\/alert>/g)].map((m) => `<?xml version="1.0" encoding="UTF-8"?>\n${m[0]}`);
}

/** The msgType (Alert, Update, Cancel) of a CAP document. */
export const msgType = (xml: string) => /<msgType>(\w+)<\/msgType>/.exec(xml)?.[1];
