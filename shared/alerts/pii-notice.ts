// The relay's side of the notice after a response (PIPL Art 18): an outbox item of type `pii.notice` names a notice,
// never a person; the relay reads the notice, opens its phone through the vault (sealed under purpose `notice`), sends
// one SMS directly to it (not through the topic: no subscriber may see it), then erases the phone from the notice.
// Every other alert goes to the topic as before.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PiiDestroyed } from '../errors.ts';
import type { Purpose } from '../pii/purposes.ts';
import type { PiiVault } from '../pii/vault.ts';
import { PiiDestructionStore, PII_NOTICE_EVENT, type NoticeContent } from '../store/pii-destruction.ts';
import type { Alert, AlertPublisher } from './outbox.ts';

const PURPOSE_ZH: Record<Purpose, string> = {
  requisition: '应急征用',
  compensation: '征用补偿',
  volunteer: '志愿服务',
  report: '举报受理',
  subscription: '预警订阅',
  notice: '事后告知',
};
const FIELD_ZH: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号码',
  creditCode: '统一社会信用代码',
  phone: '手机号码',
  address: '地址',
  email: '电子邮箱',
  accountName: '收款人',
  accountNumber: '银行账号',
};

/**
 * The SMS: what was collected and why, for how long, and where to ask; in Chinese, then English. It names the incident
 * and the office, never the person or anything they gave.
 */
export function noticeText(n: NoticeContent): string {
  const zh = n.purposes
    .map((p) => `因${PURPOSE_ZH[p.purpose]}收集的${p.fields.map((f) => FIELD_ZH[f] ?? f).join('、') || '信息'}${p.until === 'case-closed' ? '依法保留至补偿案件办结且救济期限届满后销毁' : `将于${p.until}销毁`}`)
    .join('；');
  const en = n.purposes
    .map((p) => `${p.fields.join(', ') || 'data'} collected for ${p.purpose}: ${p.until === 'case-closed' ? 'kept until the compensation case is closed and its remedy periods have passed' : `destroyed on ${p.until}`}`)
    .join('; ');
  return (
    `【应急管理】突发事件（编号${n.incidentId}）应对工作已结束。应对期间，行政区划${n.division}的应急管理部门为应对工作收集了您的个人信息，仅用于该次应对：${zh}。` +
    `如需查询、更正或提出异议，请向该应急管理部门提出，并提供事件编号。` +
    ` The emergency response to incident ${n.incidentId} has ended. The emergency office of division ${n.division} collected your personal data only for it: ${en}. To ask about it, correct it or object, contact that office with the incident number.`
  );
}

export interface NoticeSender {
  send(noticeId: string): Promise<'sent' | 'gone'>;
}

/** Sends a notice once: a notice whose phone is gone (sent before, or destroyed) is not sent again. */
export function noticeSender(deps: { db: DynamoDBDocumentClient; table: string; vault: () => PiiVault; sms: (phone: string, message: string) => Promise<void> }): NoticeSender {
  const store = new PiiDestructionStore(deps.db, deps.table);
  return {
    async send(noticeId) {
      const n = await store.notice(noticeId);
      if (!n?.phone) return 'gone';
      let phone: string;
      try {
        phone = await deps.vault().open(n.phone, { recordKey: PiiDestructionStore.noticeRecordKey(noticeId), field: 'phone' });
      } catch (err) {
        if (err instanceof PiiDestroyed) return 'gone';
        throw err;
      }
      await deps.sms(phone, noticeText(n));
      await store.markNoticeSent(noticeId, new Date().toISOString());
      return 'sent';
    },
  };
}

/** One SMS to one number, straight from SNS (no topic). */
export function snsSms(sns: SNSClient): (phone: string, message: string) => Promise<void> {
  return async (phone, message) => {
    await sns.send(new PublishCommand({ PhoneNumber: phone, Message: message, MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } } }));
  };
}

/** The relay's publisher: notices to their phones, every other alert to `publisher` (the topic). */
export function withPiiNotices(publisher: AlertPublisher, sender: NoticeSender): AlertPublisher {
  return {
    async publish(alert: Alert) {
      if (alert.type !== PII_NOTICE_EVENT) return publisher.publish(alert);
      const noticeId = alert.payload['noticeId'];
      if (typeof noticeId !== 'string') throw new Error('a pii.notice outbox item without its notice id');
      await sender.send(noticeId);
    },
  };
}
