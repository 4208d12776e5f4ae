// A minimal local SNS for the local host: the AWS Query protocol @aws-sdk/client-sns speaks (form-encoded POST, XML
// answers in the SNS 2010-03-31 namespace, x-amzn-RequestId), for exactly Publish (to the topic, or one SMS to a phone
// number), Subscribe, Unsubscribe, GetSubscriptionAttributes and SetSubscriptionAttributes. It keeps subscriptions with
// their filter policies and on Publish delivers to each confirmed one whose policy matches, with the same evaluator the
// tests hold to AWS's documented semantics. Deliveries are recorded, not sent: e-mail and HTTPS subscriptions are
// confirmed by the local SNS itself at once, as there is no inbox to click in, and GetSubscriptionAttributes says so
// (`LocalAutoConfirmed`, an attribute real SNS does not have). Tests can hold a subscription pending.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { matchesFilterPolicy, parseFilterPolicy, UnsupportedFilterPolicy, type FilterPolicy } from '../../shared/alerts/filter-policy.ts';

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** SNS messages are at most 256 KB; the form encoding can triple that. */
const MAX_BODY_BYTES = 1024 * 1024;
const PROTOCOLS = ['email', 'sms', 'https'] as const;
const ENDPOINT_RULES: Record<(typeof PROTOCOLS)[number], { valid: (e: string) => boolean; message: string }> = {
  email: { valid: (e) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e), message: 'Invalid parameter: Email address' },
  sms: { valid: (e) => /^\+?\d{6,15}$/.test(e), message: 'Invalid parameter: SMS endpoint' },
  https: { valid: (e) => URL.canParse(e) && new URL(e).protocol === 'https:', message: 'Invalid parameter: Endpoint must be an https URL' },
};

export interface LocalSubscription {
  subscriptionArn: string;
  topicArn: string;
  protocol: (typeof PROTOCOLS)[number];
  /** The real endpoint: kept in this process only (and the state file under the local data directory). */
  endpoint: string;
  /** The FilterPolicy attribute as normalised JSON; absent means every message. */
  filterPolicy?: string;
  /** Waiting for its endpoint to confirm (only when a test holds it so); nothing is delivered meanwhile. */
  pending?: boolean;
}

/** One SMS published to a phone number directly (not through a topic). */
export interface DirectSms {
  phoneNumber: string;
  message: string;
}

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  message: string;
  subject?: string;
  /** Message attributes of type String, the ones filter policies are evaluated on here. */
  attributes: Record<string, string>;
}

export interface SnsListener {
  published?(message: PublishedMessage): void;
  delivered?(message: PublishedMessage, subscription: LocalSubscription): void;
}

export interface SnsLocalOptions {
  /** The topics this SNS serves; Publish and Subscribe to any other are NotFound. */
  topicArns: string[];
  port?: number;
  listener?: SnsListener;
  /** Keeps subscriptions across restarts (`npm start`); in memory when absent. */
  stateFile?: string;
  /** Called for each SMS published to a phone number directly (the local host prints it: there is no phone). */
  onSms?: (sms: DirectSms) => void;
}

export interface SnsLocal {
  endpoint: string;
  subscriptions(): LocalSubscription[];
  /** Fault injection: the next `n` Publish calls answer 500 InternalError and publish nothing. */
  failNextPublishes(n: number): void;
  /** Tests: holds a subscription as waiting for its endpoint to confirm (true), or confirms it (false). */
  setPending(subscriptionArn: string, pending: boolean): void;
  /** The SMS published to phone numbers directly, oldest first. */
  directSms(): DirectSms[];
  stop(): Promise<void>;
}

class QueryError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
const invalid = (message: string) => new QueryError(400, 'InvalidParameter', message);

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** `Prefix.entry.N.<key>` / `Prefix.entry.N.<value>` pairs of the Query protocol's map serialisation, N from 1. */
function mapEntries(params: URLSearchParams, prefix: string, key: string, value: string): [string, string | undefined, number][] {
  const out: [string, string | undefined, number][] = [];
  for (let n = 1; params.has(`${prefix}.entry.${n}.${key}`); n++) out.push([params.get(`${prefix}.entry.${n}.${key}`)!, params.get(`${prefix}.entry.${n}.${value}`) ?? undefined, n]);
  return out;
}

function required(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === '') throw invalid(`Invalid parameter: ${name} is required`);
  return v;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw invalid('Invalid parameter: request too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startSnsLocal(opts: SnsLocalOptions): Promise<SnsLocal> {
  const topics = new Set(opts.topicArns);
  const subs = new Map<string, LocalSubscription & { policy?: FilterPolicy }>();
  const sms: DirectSms[] = [];
  let failPublishes = 0;

  const load = (s: LocalSubscription) => subs.set(s.subscriptionArn, { ...s, ...(s.filterPolicy ? { policy: parseFilterPolicy(s.filterPolicy) } : {}) });
  if (opts.stateFile && existsSync(opts.stateFile)) {
    for (const s of JSON.parse(readFileSync(opts.stateFile, 'utf8')) as LocalSubscription[]) load(s);
  }
  const plain = (): LocalSubscription[] =>
    [...subs.values()].map(({ subscriptionArn, topicArn, protocol, endpoint, filterPolicy, pending }) => ({
      subscriptionArn,
      topicArn,
      protocol,
      endpoint,
      ...(filterPolicy !== undefined ? { filterPolicy } : {}),
      ...(pending ? { pending } : {}),
    }));
  const save = () => {
    if (!opts.stateFile) return;
    mkdirSync(dirname(opts.stateFile), { recursive: true });
    writeFileSync(opts.stateFile, JSON.stringify(plain(), null, 2), { mode: 0o600 });
  };
  const subscriptionOf = (params: URLSearchParams) => {
    const arn = required(params, 'SubscriptionArn');
    const s = subs.get(arn);
    if (!s) throw new QueryError(404, 'NotFound', 'Subscription does not exist');
    return s;
  };
  /** The FilterPolicy attribute read as SNS would: the empty string removes a policy; anything we cannot evaluate is refused. */
  const readPolicy = (value: string): { filterPolicy?: string; policy?: FilterPolicy } => {
    if (value === '') return {};
    try {
      const policy = parseFilterPolicy(value);
      return { filterPolicy: JSON.stringify(policy), policy };
    } catch (err) {
      if (err instanceof UnsupportedFilterPolicy) throw invalid(`Invalid parameter: FilterPolicy: ${err.message}`);
      throw err;
    }
  };
  const topicOf = (params: URLSearchParams) => {
    const arn = required(params, 'TopicArn');
    if (!topics.has(arn)) throw new QueryError(404, 'NotFound', 'Topic does not exist');
    return arn;
  };

  function publish(params: URLSearchParams): string {
    if (failPublishes > 0) {
      failPublishes -= 1;
      throw new QueryError(500, 'InternalError', 'Local SNS: injected failure');
    }
    if (params.has('TargetArn')) throw invalid('Invalid parameter: only TopicArn and PhoneNumber are supported by the local SNS');
    if (params.has('MessageStructure')) throw invalid('Invalid parameter: MessageStructure is not supported by the local SNS');
    const phoneNumber = params.get('PhoneNumber');
    if (phoneNumber !== null) {
      // Like SNS's own message, this never quotes the number.
      if (!/^\+\d{6,15}$/.test(phoneNumber)) throw invalid('Invalid parameter: PhoneNumber Reason: not an E.164 phone number');
      const direct = { phoneNumber, message: required(params, 'Message') };
      sms.push(direct);
      opts.onSms?.(direct);
      return `<MessageId>${randomUUID()}</MessageId>`;
    }
    const topicArn = topicOf(params);
    const message = required(params, 'Message');
    const attributes: Record<string, string> = {};
    for (const [name, dataType, n] of mapEntries(params, 'MessageAttributes', 'Name', 'Value.DataType')) {
      if (!dataType) throw new QueryError(400, 'ParameterValueInvalid', `The message attribute '${name}' must contain a non-empty attribute type.`);
      // Binary attributes are never compared; Number and String.Array are outside the subset the evaluator implements.
      if (dataType !== 'String') continue;
      const value = params.get(`MessageAttributes.entry.${n}.Value.StringValue`);
      if (value === null) throw new QueryError(400, 'ParameterValueInvalid', `The message attribute '${name}' must contain a non-empty message attribute value.`);
      attributes[name] = value;
    }
    const subject = params.get('Subject');
    const published: PublishedMessage = { messageId: randomUUID(), topicArn, message, ...(subject !== null ? { subject } : {}), attributes };
    opts.listener?.published?.(published);
    for (const s of subs.values()) {
      if (s.topicArn === topicArn && !s.pending && matchesFilterPolicy(s.policy, attributes)) opts.listener?.delivered?.(published, s);
    }
    return `<MessageId>${published.messageId}</MessageId>`;
  }

  function subscribe(params: URLSearchParams): string {
    const topicArn = topicOf(params);
    const protocol = required(params, 'Protocol') as LocalSubscription['protocol'];
    if (!PROTOCOLS.includes(protocol)) throw invalid('Invalid parameter: Protocol is not supported by the local SNS');
    const endpoint = required(params, 'Endpoint');
    // Like SNS's own messages, these never quote the endpoint.
    if (!ENDPOINT_RULES[protocol].valid(endpoint)) throw invalid(ENDPOINT_RULES[protocol].message);
    let read: { filterPolicy?: string; policy?: FilterPolicy } | undefined;
    for (const [key, value] of mapEntries(params, 'Attributes', 'key', 'value')) {
      if (key === 'FilterPolicyScope') {
        if (value !== 'MessageAttributes') throw invalid('Invalid parameter: FilterPolicyScope: only MessageAttributes is supported by the local SNS');
      } else if (key === 'FilterPolicy') {
        read = readPolicy(value ?? '');
      } else {
        throw invalid(`Invalid parameter: Attributes Reason: ${key} is not supported by the local SNS`);
      }
    }
    const { filterPolicy, policy } = read ?? {};
    const returnArn = params.get('ReturnSubscriptionArn') === 'true';
    // SNS keeps one subscription per topic, protocol and endpoint: the same again returns it; an attribute given with
    // another value than it has is refused, and attributes not given are not compared.
    const existing = [...subs.values()].find((s) => s.topicArn === topicArn && s.protocol === protocol && s.endpoint === endpoint);
    if (existing) {
      if (read !== undefined && existing.filterPolicy !== filterPolicy) throw invalid('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
      return `<SubscriptionArn>${existing.pending && !returnArn ? 'pending confirmation' : escapeXml(existing.subscriptionArn)}</SubscriptionArn>`;
    }
    const subscriptionArn = `${topicArn}:${randomUUID()}`;
    subs.set(subscriptionArn, { subscriptionArn, topicArn, protocol, endpoint, ...(filterPolicy ? { filterPolicy } : {}), ...(policy ? { policy } : {}) });
    save();
    const confirmed = returnArn || protocol === 'sms';
    return `<SubscriptionArn>${confirmed ? escapeXml(subscriptionArn) : 'pending confirmation'}</SubscriptionArn>`;
  }

  function unsubscribe(params: URLSearchParams): undefined {
    const arn = required(params, 'SubscriptionArn');
    if (!/^arn:aws[\w-]*:sns:/.test(arn)) throw invalid('Invalid parameter: SubscriptionArn Reason: not an SNS subscription ARN');
    // Unsubscribing twice is not an error: the subscription is gone either way.
    if (subs.delete(arn)) save();
    return undefined;
  }

  function getSubscriptionAttributes(params: URLSearchParams): string {
    const s = subscriptionOf(params);
    const confirmsItself = s.protocol !== 'sms';
    const attributes: Record<string, string> = {
      SubscriptionArn: s.subscriptionArn,
      TopicArn: s.topicArn,
      Protocol: s.protocol,
      Owner: '000000000000',
      PendingConfirmation: s.pending ? 'true' : 'false',
      ConfirmationWasAuthenticated: 'false',
      RawMessageDelivery: 'false',
      // Not an attribute of real SNS: says that the local SNS confirmed an e-mail or https subscription by itself.
      ...(confirmsItself && !s.pending ? { LocalAutoConfirmed: 'true' } : {}),
      ...(s.filterPolicy !== undefined ? { FilterPolicy: s.filterPolicy, FilterPolicyScope: 'MessageAttributes' } : {}),
    };
    const entries = Object.entries(attributes).map(([k, v]) => `<entry><key>${k}</key><value>${escapeXml(v)}</value></entry>`);
    return `<Attributes>${entries.join('')}</Attributes>`;
  }

  function setSubscriptionAttributes(params: URLSearchParams): undefined {
    const s = subscriptionOf(params);
    const name = required(params, 'AttributeName');
    const value = params.get('AttributeValue') ?? '';
    if (name === 'FilterPolicyScope') {
      if (value !== 'MessageAttributes') throw invalid('Invalid parameter: FilterPolicyScope: only MessageAttributes is supported by the local SNS');
      return undefined;
    }
    if (name !== 'FilterPolicy') throw invalid(`Invalid parameter: AttributeName Reason: ${name} is not supported by the local SNS`);
    const { filterPolicy, policy } = readPolicy(value);
    const { filterPolicy: _old, policy: _oldPolicy, ...rest } = s;
    subs.set(s.subscriptionArn, { ...rest, ...(filterPolicy ? { filterPolicy } : {}), ...(policy ? { policy } : {}) });
    save();
    return undefined;
  }

  const actions: Record<string, (p: URLSearchParams) => string | undefined> = {
    Publish: publish,
    Subscribe: subscribe,
    Unsubscribe: unsubscribe,
    GetSubscriptionAttributes: getSubscriptionAttributes,
    SetSubscriptionAttributes: setSubscriptionAttributes,
  };

  function reply(res: ServerResponse, status: number, requestId: string, xml: string) {
    res.writeHead(status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId, 'Content-Length': Buffer.byteLength(xml) });
    res.end(xml);
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    void (async () => {
      try {
        if (req.method !== 'POST') throw new QueryError(405, 'InvalidAction', 'The local SNS accepts POST only');
        const params = await readForm(req);
        const action = params.get('Action') ?? '';
        const run = actions[action];
        if (!run) throw new QueryError(400, 'InvalidAction', `The action ${action || '(none)'} is not valid for this endpoint.`);
        const result = run(params);
        const body = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
        reply(res, 200, requestId, `<${action}Response xmlns="${XMLNS}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
      } catch (err) {
        const e = err instanceof QueryError ? err : new QueryError(500, 'InternalError', 'Local SNS internal error');
        const type = e.status >= 500 ? 'Receiver' : 'Sender';
        reply(
          res,
          e.status,
          requestId,
          `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    subscriptions: plain,
    failNextPublishes(n) {
      failPublishes = n;
    },
    setPending(subscriptionArn, pending) {
      const s = subs.get(subscriptionArn);
      if (!s) throw new Error('no such local SNS subscription');
      subs.set(subscriptionArn, { ...s, pending });
      save();
    },
    directSms: () => [...sms],
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
