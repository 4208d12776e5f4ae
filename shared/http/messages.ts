// Every word the API says to people, in English and Chinese, in one place: the titles of the error codes, the field
// messages of validation (our own wording, never the validation library's), JSON syntax errors with their position,
// and the detail of every named error. English is written for people; Chinese says the same.
import type * as z from 'zod/mini';
import type { AppError, FieldError } from '../errors.ts';

export type Lang = 'en' | 'zh';
export type Params = Record<string, string | number>;

/** Titles of the problem codes. Rule violations (422) share one family title; each still has its own detail. */
export const TITLES: Record<string, { en: string; zh: string }> = {
  'validation-failed': { en: 'The request is not valid', zh: '请求内容不符合要求' },
  'malformed-json': { en: 'The request body is not valid JSON', zh: '请求体不是有效的 JSON' },
  'invalid-cursor': { en: 'The cursor is not valid', zh: '分页游标无效' },
  unauthenticated: { en: 'Sign-in required', zh: '需要登录' },
  'forbidden-role': { en: 'Your role may not do this', zh: '您的角色无权执行此操作' },
  'not-in-jurisdiction': { en: 'Outside your jurisdiction', zh: '超出您的管辖范围' },
  'not-found': { en: 'Not found', zh: '未找到' },
  'route-not-found': { en: 'No such route', zh: '没有这个接口' },
  'method-not-allowed': { en: 'Method not allowed', zh: '不支持该请求方法' },
  'unsupported-media-type': { en: 'Send application/json in UTF-8', zh: '请使用 UTF-8 编码的 application/json' },
  'concurrent-modification': { en: 'Changed by someone else; read it again', zh: '记录已被他人修改，请重新读取' },
  'invalid-transition': { en: 'Not allowed in the current state', zh: '当前状态下不允许此操作' },
  'precondition-failed': { en: 'The record changed since you read it', zh: '记录自您读取后已变更' },
  'precondition-required': { en: 'If-Match is required', zh: '需要 If-Match 请求头' },
  'payload-too-large': { en: 'The request body is too large', zh: '请求体过大' },
  'header-fields-too-large': { en: 'The request headers are too large', zh: '请求头过大' },
  'malformed-request': { en: 'The request is not valid HTTP', zh: '请求不是有效的 HTTP 请求' },
  'idempotency-key-reused': { en: 'Idempotency-Key reused with another body', zh: '幂等键已用于不同的请求内容' },
  'already-subscribed': { en: 'This endpoint is already subscribed', zh: '该接收地址已订阅' },
  'already-registered': { en: 'You are registered as a volunteer already', zh: '您已登记为志愿者' },
  'pii-destroyed': { en: 'The personal data was destroyed', zh: '个人信息已销毁' },
  'service-unavailable': { en: 'Busy; try again shortly', zh: '服务繁忙，请稍后重试' },
  'too-many-requests': { en: 'Too many requests; try again later', zh: '请求过于频繁，请稍后重试' },
  'internal-error': { en: 'Internal error', zh: '内部错误' },
  'rule-violation': { en: 'A rule of the emergency response system forbids this', zh: '违反突发事件应对管理规定' },
};

/** Messages with `{name}` placeholders: [English, Chinese]. */
const MESSAGES = {
  // ---- field messages (errors[].message) ----
  required: ['required', '必填'],
  'unknown-field': ['unknown field', '不接受此字段'],
  'duplicate-key': ['given twice; send each key once', '重复出现；每个键只能出现一次'],
  'type-string': ['must be a string', '应为字符串'],
  'type-number': ['must be a number', '应为数字'],
  'type-finite': ['must be a finite number', '应为有限数值'],
  'type-integer': ['must be a whole number', '应为整数'],
  'type-boolean': ['must be true or false', '应为 true 或 false'],
  'type-object': ['must be an object', '应为对象'],
  'type-array': ['must be a list', '应为数组'],
  'type-any': ['must be {types}', '应为{typesZh}'],
  'not-blank': ['must not be blank', '不能为空'],
  'min-length': ['must be at least {min} characters', '至少 {min} 个字符'],
  'max-length': ['must be at most {max} characters', '最多 {max} 个字符'],
  'min-items': ['must have at least {min} items', '至少 {min} 项'],
  'max-items': ['must have at most {max} items', '最多 {max} 项'],
  'min-value': ['must be at least {min}', '不能小于 {min}'],
  'above-value': ['must be greater than {min}', '必须大于 {min}'],
  'max-value': ['must be at most {max}', '不能大于 {max}'],
  'below-value': ['must be less than {max}', '必须小于 {max}'],
  'one-of': ['must be one of {values}', '应为以下之一：{values}'],
  'not-a-key': ['not an allowed key; keys are {values}', '不是允许的键；允许的键为 {values}'],
  'date-time': ['must be a date-time with an offset, e.g. 2026-07-01T08:00:00+08:00', '应为带时区偏移的日期时间，例如 2026-07-01T08:00:00+08:00'],
  'year-range': ['must be a date-time in the years 1900 to 2999', '年份应在 1900 至 2999 之间'],
  'division-code': ['must be a GB/T 2260 division code of 6, 9 or 12 digits', '应为 6、9 或 12 位的 GB/T 2260 行政区划代码'],
  'division-prefix': ['must be the leading 2-12 digits of a GB/T 2260 code', '应为 GB/T 2260 行政区划代码的前 2 至 12 位数字'],
  identifier: ['must be an identifier of 8-64 letters, digits, - or _', '应为 8 至 64 位由字母、数字、- 或 _ 组成的标识'],
  'cap-file': ['must be a warning id followed by .cap', '应为预警标识加 .cap'],
  'well-formed': ['contains a broken character (an unpaired surrogate)', '含有损坏的字符（不成对的代理项）'],
  'clean-text': [
    'contains a control character, a bidirectional override or a replacement character (U+FFFD); only newlines and tabs are allowed',
    '含有控制字符、双向文本覆盖字符或替换字符（U+FFFD）；只允许换行符和制表符',
  ],
  'visible-text': ['must contain visible characters, not only spaces or invisible ones', '应包含可见字符，不能只有空白或不可见字符'],
  'at-least-one-threshold': ['set at least one threshold', '至少设置一个阈值'],
  'at-least-one-level': ['define at least one of I, II, III, IV', '至少定义 I、II、III、IV 级中的一级'],
  'contact-empty': ['give at least one of name, phone or email, or leave contact out', '请至少填写姓名、电话或电子邮箱之一，或不提供联系方式'],
  'follow-up-code': ['must be the 24-character follow-up code you were given', '应为提交举报时获得的 24 位查询码'],
  email: ['must be an e-mail address', '应为电子邮箱地址'],
  'idempotency-key': ['must be 1-128 visible ASCII characters', '应为 1 至 128 个可见 ASCII 字符'],
  invalid: ['not valid', '不符合要求'],
  // ---- JSON syntax (what went wrong, then where) ----
  'json-syntax': ['{what} at line {line}, column {column} (character {position})', '第 {line} 行第 {column} 列（第 {position} 个字符）处{what}'],
  'json-unexpected-end': ['the JSON ends too early', 'JSON 提前结束'],
  'json-unexpected-char': ['unexpected {char}', '出现意外的 {char}'],
  'json-bad-escape': ['an invalid escape sequence', '转义序列无效'],
  'json-bad-number': ['an invalid number', '数字格式无效'],
  'json-raw-control': ['a control character inside a string (escape it)', '字符串中有未转义的控制字符'],
  'json-trailing': ['text after the JSON value', 'JSON 值之后还有多余内容'],
  'json-too-deep': ['nesting deeper than {max} levels', '嵌套超过 {max} 层'],
  // ---- details of errors raised by the HTTP layer ----
  'detail-body': ['The request body is not valid.', '请求体不符合要求。'],
  'detail-query': ['The query is not valid.', '查询参数不符合要求。'],
  'detail-params': ['The path is not valid.', '路径参数不符合要求。'],
  'detail-headers': ['A request header is not valid.', '请求头不符合要求。'],
  'detail-body-required': ['A JSON request body is required.', '需要 JSON 请求体。'],
  'detail-body-too-large': ['The body exceeds {max} bytes.', '请求体超过 {max} 字节。'],
  'detail-media-type': ['Send the body as application/json.', '请以 application/json 格式发送请求体。'],
  'detail-charset': ['Send the body in UTF-8; charset={charset} is not accepted.', '请求体须使用 UTF-8 编码；不接受 charset={charset}。'],
  'detail-utf8': ['The request body is not valid UTF-8 (byte {position}).', '请求体不是有效的 UTF-8 编码（第 {position} 个字节）。'],
  'detail-utf8-replaced': [
    'The request body is not valid UTF-8: character {position} is U+FFFD, what is left of bytes that were not UTF-8.',
    '请求体不是有效的 UTF-8 编码：第 {position} 个字符为 U+FFFD（非 UTF-8 字节解码后留下的替换字符）。',
  ],
  'detail-json': [
    'The request body is not valid JSON: {what} at line {line}, column {column} (character {position}).',
    '请求体不是有效的 JSON：第 {line} 行第 {column} 列（第 {position} 个字符）处{what}。',
  ],
  'detail-duplicate-keys': ['The request body gives a key twice.', '请求体中有重复的键。'],
  'detail-if-match': ['If-Match must carry an ETag this API returned.', 'If-Match 须为本接口返回的 ETag。'],
  'detail-if-match-required': ['Send If-Match with the ETag of your last read.', '请在 If-Match 中携带您上次读取时得到的 ETag。'],
  'detail-token-missing': ['Send a bearer token: Authorization: Bearer <token>.', '请发送持有者令牌：Authorization: Bearer <令牌>。'],
  'detail-token-malformed': ['The bearer token is not a well-formed token.', '持有者令牌格式不正确。'],
  'detail-token-expired': ['The bearer token has expired; sign in again.', '持有者令牌已过期，请重新登录。'],
  'detail-token-invalid': ['The bearer token is not valid here (wrong signature, issuer, audience or claims).', '持有者令牌在此无效（签名、签发者、受众或声明不符）。'],
  'local-token-hint': [' Locally, get one with: npm run token -- --role office --division 110105 --level county', ' 本地环境可用以下命令获取：npm run token -- --role office --division 110105 --level county'],
  'detail-superior-records': [
    "The timeline and filings of an incident of a superior division are kept by that division's office.",
    '上级行政区突发事件的处置记录和备案由该级应急管理部门掌握。',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof MESSAGES;

export function isMessageKey(s: string): s is MessageKey {
  return Object.hasOwn(MESSAGES, s);
}

/**
 * A message in a language, its placeholders filled (a missing parameter stays visible as `{name}`). A parameter
 * `@<key>` is itself a message, said in the same language with the same parameters.
 */
export function say(key: MessageKey, lang: Lang, params: Params = {}): string {
  const template = MESSAGES[key][lang === 'en' ? 0 : 1];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    if (!Object.hasOwn(params, name)) return m;
    const v = String(params[name]);
    const nested = v.startsWith('@') ? v.slice(1) : undefined;
    return nested !== undefined && isMessageKey(nested) && nested !== key ? say(nested, lang, params) : v;
  });
}

// ---- field errors from zod issues --------------------------------------------------------------------------------

type Issue = z.core.$ZodIssue;
const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

function typeKey(expected: string): MessageKey {
  switch (expected) {
    case 'string':
      return 'type-string';
    case 'number':
      return 'type-number';
    case 'int':
    case 'integer':
      return 'type-integer';
    case 'boolean':
      return 'type-boolean';
    case 'object':
    case 'record':
      return 'type-object';
    case 'array':
    case 'tuple':
      return 'type-array';
    default:
      return 'invalid';
  }
}

/** The values an enum, literal or discriminator accepts, from the issues of every branch of a union. */
function acceptedValues(issues: Issue[]): string[] | undefined {
  const values: string[] = [];
  for (const i of issues) {
    if (i.code !== 'invalid_value' || i.path.length > 0) return undefined;
    for (const v of i.values) if (!values.includes(String(v))) values.push(String(v));
  }
  return values.length ? values : undefined;
}

interface Said {
  path: PropertyKey[];
  key: MessageKey;
  params?: Params;
  /** A schema's own English message that is not one of ours: kept as written (Chinese: messages.ts's patterns). */
  text?: string;
}

/** A custom or pattern message: ours by key, or the schema's own wording. */
function custom(path: PropertyKey[], message: string, params?: Params): Said {
  if (isMessageKey(message)) return { path, key: message, ...(params ? { params } : {}) };
  return message && !message.startsWith('Invalid') ? { path, key: 'invalid', text: message } : { path, key: 'invalid' };
}

function describe(issue: Issue, at: PropertyKey[]): Said[] {
  const path = [...at, ...issue.path];
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return [{ path, key: 'required' }];
      if (issue.expected === 'number' && typeof issue.input === 'number') return [{ path, key: 'type-finite' }];
      return [{ path, key: typeKey(issue.expected) }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: [...path, k], key: 'unknown-field' as const }));
    case 'invalid_key':
      // A record key outside its enum: name the key itself, as for an unknown field.
      return issue.issues.flatMap((inner) => {
        const values = inner.code === 'invalid_value' ? inner.values : undefined;
        return values ? [{ path, key: 'not-a-key' as const, params: { values: list(values) } }] : describe(inner, path);
      });
    case 'invalid_element':
      return issue.issues.flatMap((inner) => describe(inner, [...path, issue.key as PropertyKey]));
    case 'invalid_value':
      return [{ path, key: 'one-of', params: { values: list(issue.values) } }];
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return [{ path, key: min <= 1 ? 'not-blank' : 'min-length', params: { min } }];
      if (issue.origin === 'array' || issue.origin === 'set') return [{ path, key: 'min-items', params: { min } }];
      return [{ path, key: issue.inclusive === false ? 'above-value' : 'min-value', params: { min } }];
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return [{ path, key: 'max-length', params: { max } }];
      if (issue.origin === 'array' || issue.origin === 'set') return [{ path, key: 'max-items', params: { max } }];
      return [{ path, key: issue.inclusive === false ? 'below-value' : 'max-value', params: { max } }];
    }
    case 'invalid_format':
      if (issue.format === 'regex' || isMessageKey(issue.message)) return [custom(path, issue.message)];
      return [{ path, key: issue.format === 'datetime' ? 'date-time' : 'invalid' }];
    case 'invalid_union': {
      const withOptions = issue as Issue & { options?: unknown[] };
      if (withOptions.options) return [{ path, key: 'one-of', params: { values: list(withOptions.options) } }];
      const branches = issue.errors;
      const values = acceptedValues(branches.flat());
      if (values) return [{ path, key: 'one-of', params: { values: list(values) } }];
      // The branch that got furthest (its complaints are inside the value, not about its type) says what is wrong.
      const deep = branches.filter((b) => b.length > 0 && b.every((i) => i.path.length > 0 || i.code !== 'invalid_type'));
      if (deep.length === 1) return deep[0]!.flatMap((i) => describe(i, path));
      const types = branches.flat().filter((i) => i.code === 'invalid_type' && i.path.length === 0);
      if (types.length) {
        const keys = types.map((i) => typeKey((i as { expected: string }).expected));
        const types_ = keys.map((k) => say(k, 'en').replace(/^must be /, '')).join(' or ');
        const typesZh = keys.map((k) => say(k, 'zh').replace(/^应为/, '')).join('或');
        return [{ path, key: 'type-any', params: { types: types_, typesZh } }];
      }
      return [{ path, key: 'invalid' }];
    }
    case 'custom':
      return [custom(path, issue.message, (issue as { params?: Params }).params)];
    default:
      return [{ path, key: 'invalid' }];
  }
}

/** One error per field, the first found, with the field's full path (`body.area.polygon.0`) and a message of our own. */
export function fieldErrorsOf(error: z.core.$ZodError, where: string): FieldError[] {
  const seen = new Set<string>();
  const all: FieldError[] = error.issues.flatMap((issue) =>
    describe(issue, [where]).map((s) =>
      s.text !== undefined
        ? { path: s.path.map(String).join('.'), message: s.text }
        : { path: s.path.map(String).join('.'), message: say(s.key, 'en', s.params), key: s.key, ...(s.params ? { params: s.params } : {}) },
    ),
  );
  return all.filter((e) => !seen.has(e.path) && seen.add(e.path));
}

// ---- Chinese for what the domain says in English -----------------------------------------------------------------

const GOV_LEVEL_ZH: Record<string, string> = { national: '国家级', province: '省级', city: '市级', county: '县级', township: '乡级' };
const THING_ZH: Record<string, string> = { plan: '预案', incident: '突发事件', warning: '预警', drill: '演练', subscription: '订阅', requisition: '征用', claim: '补偿申请', reconsideration: '行政复议申请', volunteer: '志愿者', deployment: '调用', report: '举报', organisation: '组织', organization: '组织', notice: '通知' };
const level = (l: string) => GOV_LEVEL_ZH[l] ?? l;

/** Field messages of domain rules (422), by their English wording; parameters are carried over. */
const DOMAIN_FIELD_ZH: [RegExp, (...m: string[]) => string][] = [
  [/^define at least one of I, II, III, IV$/, () => '至少定义 I、II、III、IV 级中的一级'],
  [/^lower than level (\w+)'s (\w+)$/, (_, l, a) => `低于 ${l} 级要求的${level(a!)}`],
  [/^must be >= (\d+)$/, (_, n) => `不能小于 ${n}`],
  [/^parent division (\d+) is not above (\d+)$/, (_, p, c) => `上级预案所属行政区 ${p} 不高于 ${c}`],
  [/^parent plan is retired$/, () => '上级预案已废止'],
  [/^is in the future$/, () => '晚于当前时间'],
  [/^not allowed for social-security$/, () => '社会安全事件不适用'],
  [/^not defined by the plan$/, () => '预案未规定该级别'],
  [/^not published or filed$/, () => '该版本未发布或备案'],
  [/^the plan does not cover the incident division$/, () => '预案不覆盖事件所在行政区'],
  [/^wrong category$/, () => '预案类别与事件类别不符'],
  [/^threshold not met by the reported figures$/, () => '报告的数据未达到该阈值'],
  [/^unchanged$/, () => '与当前级别相同'],
  [/^another plan$/, () => '不是响应所依据的预案'],
  [/^(\d+) is outside (\d+)$/, (_, d, g) => `${d} 不在 ${g} 辖区内`],
  [/^no such plan version$/, () => '没有该预案版本'],
  [/^no such day$/, () => '没有这一天'],
  [/^not the ID number your sign-in verified$/, () => '与您登录时核验的身份证号码不符'],

  [/^fewer than three distinct points$/, () => '不同的点少于三个'],
  [/^not accepted as an? (\w+) endpoint$/, (_, p) => `通知服务不接受该 ${p} 接收地址`],
  [/^not a valid (\w+) endpoint$/, (_, p) => `不是有效的 ${p} 接收地址`],
  [/^not a valid https endpoint: must start with https:\/\/$/, () => '不是有效的 https 接收地址：须以 https:// 开头'],
  [/^must be a mainland mobile number or a landline/, () => '应为中国大陆手机号码或带区号的固定电话号码，例如 010-65123456'],
  [/^must be a mainland mobile number/, () => '应为中国大陆手机号码：以 13 至 19 开头的 11 位数字，可加 +86 或 0086'],
  [/^must name its host by a DNS name, not a bare IP address$/, () => '须使用域名，不能使用 IP 地址'],
  [/^must not point at an? ([\w-]+) address/, (_, k) => `不能指向${IP_KIND_ZH[k!] ?? k}地址（私有、共享、环回、链路本地和未指定地址均不接受）`],
  [/^must name a public host, not localhost or a local network name$/, () => '须为公网主机，不能是 localhost 或局域网名称'],
  [/^must name a public host by its full DNS name$/, () => '须以完整域名指明公网主机'],
  [/^must use the default https port 443$/, () => '须使用 https 默认端口 443'],
  [/^does not match the code sent to the phone$/, () => '与发送到该手机的验证码不符'],
  [/^the 6-digit code sent to the phone$/, () => '应为发送到该手机的 6 位验证码'],
  [/^leading digits of a GB\/T 2260 code$/, () => '应为 GB/T 2260 行政区划代码的前几位数字'],
  [/^no such plan$/, () => '没有该预案'],
  // Social forces: organisations, volunteers, deployments.
  [/^is required$/, () => '必填'],
  [/^is required \(true or false\)$/, () => '必填（true 或 false）'],
  [/^is required \(may be empty\)$/, () => '必填（可以为空）'],
  [/^is required \(identity\)$/, () => '必填（身份信息）'],
  [/^is required \(contact\)$/, () => '必填（联系方式）'],
  [/^must be one of (.+)$/, (_, v) => `应为以下之一：${v}`],
  [/^name at least one volunteer$/, () => '至少指定一名志愿者'],
  [/^name at least one capability$/, () => '至少填写一项救援能力'],
  [/^name at least one skill$/, () => '至少填写一项技能'],
  [/^name at least one weekday \(1-7\)$/, () => '至少填写一个星期几（1 至 7）'],
  [/^(\S+) is listed twice$/, (_, v) => `${v} 重复列出`],
  [/^is listed twice$/, () => '重复列出'],
  [/^is not a known (qualification|capability|skill)$/, (_, k) => `不是已知的${({ qualification: '资质', capability: '救援能力', skill: '技能' } as Record<string, string>)[k!]}`],
  [/^is not a date \(YYYY-MM-DD\)$/, () => '不是日期（YYYY-MM-DD）'],
  [/^is not a date$/, () => '不是日期'],
  [/^is not a time$/, () => '不是时间'],
  [/^is before (from|coversFrom)$/, (_, f) => `早于 ${f}`],
  [/^is after validUntil$/, () => '晚于 validUntil'],
  [/^is before today \((\S+)\)$/, (_, d) => `早于今天（${d}）`],
  [/^is before (\S+)$/, (_, d) => `早于 ${d}`],
  [/^is in the past$/, () => '早于当前日期'],
  [/^a deployment lasts at most (\d+) days$/, (_, n) => `一次调派最长 ${n} 天`],
  [/^must be true for (\S+)$/, (_, k) => `${k} 任务须为 true`],
  [/^is empty$/, () => '为空'],
  [/^volunteer (\S+) is not on deployment (\S+)$/, (_, v, d) => `志愿者 ${v} 不在调派 ${d} 中`],
  [/^volunteer (\S+) did not go on deployment (\S+)$/, (_, v, d) => `志愿者 ${v} 未参加调派 ${d}`],
  [/^volunteer (\S+) is deployed through organisation (\S+)$/, (_, v, o) => `志愿者 ${v} 须通过组织 ${o} 调派`],
  [/^must be positive quarter hours, at most (\S+)$/, (_, n) => `应为以一刻钟为单位的正数，最多 ${n}`],
  [/^(?:(\S+) )?is outside (\S+)\.\.(\S+)$/, (_, d, a, b) => `${d ? `${d} ` : ''}不在 ${a} 至 ${b} 之间`],
  [/^brings volunteer (\S+) to (\S+) hours on (\S+)$/, (_, v, h, d) => `将使志愿者 ${v} 在 ${d} 的服务时长达到 ${h} 小时`],
  [/^must be personal-accident \(Art 40\)$/, () => '应为人身意外伤害保险（第四十条）'],
  [/^must be a positive integer$/, () => '应为正整数'],
  [/^must be positive$/, () => '应为正数'],
  [/^is not a GB\/T 2260 code$/, () => '不是 GB/T 2260 行政区划代码'],
  [/^must be 1 \(Monday\) to 7 \(Sunday\)$/, () => '应为 1（星期一）至 7（星期日）'],
  [/^the certificate has expired$/, () => '证书已过期'],
  [/^already on record$/, () => '已有记录'],
  // Requisition and compensation, reconsideration, notices, reports, exercises.
  [/^claim at least one item$/, () => '至少申请一项'],
  [/^list at least one item$/, () => '至少列出一项'],
  [/^at most (\S+) items$/, (_, n) => `最多 ${n} 项`],
  [/^not a (\S+) compensation item$/, (_, k) => `不是 ${k} 的补偿项目`],
  [/^must be a whole number of fen, (\d) or more$/, (_, n) => `应为整数（分），不小于 ${n}`],
  [/^(?:must be )?a whole number of fen$/, () => '应为整数（分）'],
  [/^at most (\S+) fen$/, (_, n) => `最多 ${n} 分`],
  [/^total above the limit$/, () => '合计超过上限'],
  [/^needs a kind and a reference$/, () => '须注明种类和编号'],
  [/^give at least one reason$/, () => '至少说明一项理由'],
  [/^list every missing item$/, () => '列明所有需补正的材料'],
  [/^name the item$/, () => '请指明项目'],
  [/^give the reason$/, () => '请说明理由'],
  [/^each item once$/, () => '每个项目只能出现一次'],
  [/^not in the first correction notice$/, () => '不在第一次补正通知中'],
  [/^must be 1 or more$/, () => '不能小于 1'],
  [/^must be more than 0$/, () => '必须大于 0'],
  [/^above the claimed total$/, () => '超过申请的合计金额'],
  [/^below the amount already paid$/, () => '低于已支付的金额'],
  [/^before the decision$/, () => '早于决定作出的时间'],
  [/^above the amount owed$/, () => '超过尚欠的金额'],
  [/^not above the amount approved$/, () => '不能超过批准的金额'],
  [/^(\S+) is exempt from requisition$/, (_, k) => `${k} 不得征用`],
  [/^expected (\S+) conditions$/, (_, n) => `应有 ${n} 项状况说明`],
  [/^required unless intact$/, () => '财产完好返还的除外，均为必填'],
  [/^not served yet$/, () => '暂不支持'],
  [/^not a personal field of this (\w+)$/, (_, k) => `不是该${THING_ZH[k!] ?? k}记录的个人信息字段`],
  [/^must be a bank account number of 8 to 30 digits$/, () => '应为 8 至 30 位数字的银行账号'],
  [/^must be a document kind such as/, () => '应为材料种类，例如 voucher 或 loss-certificate'],
  [/^a field name such as owner\.idNumber$/, () => '应为字段名，例如 owner.idNumber'],
  [/^say in at least (\d+) characters why/, (_, n) => `请用至少 ${n} 个字说明为何需要查看明文`],
  [/^not well-formed Unicode$/, () => '含有损坏的字符'],
  // Identifiers (shared/pii/identifiers.ts).
  [/^must be an 18-character resident ID number/, () => '应为 18 位居民身份证号码：17 位数字加一位校验码（0-9 或 X）'],
  [/^must start with the 6-digit code of the issuing division$/, () => '前 6 位应为签发地的行政区划代码'],
  [/^must hold a real birth date/, () => '第 7 至 14 位应为真实的出生日期（年月日）'],
  [/^must not hold a birth date in the future$/, () => '出生日期不能晚于今天'],
  [/^check digit does not match \(GB 11643-1999\)/, () => '校验码不符（GB 11643-1999），请核对号码'],
  [/^must be an 18-character unified social credit code/, () => '应为 18 位统一社会信用代码，由数字和除 I、O、S、V、Z 以外的大写字母组成'],
  [/^must hold the 6-digit code of the registering division/, () => '第 3 至 8 位应为登记管理机关所在地的行政区划代码'],
  [/^check character does not match \(GB 32100-2015\)/, () => '校验码不符（GB 32100-2015），请核对代码'],
  [/^is your own division$/, () => '是您自己的行政区'],
  [/^(\S+) is not a (\S+) division under (\S+)$/, (_, d, l, p) => `${d} 不是 ${p} 下的${level(l!)}行政区`],
  [/^not a rumour$/, () => '不是谣言'],
  [/^no such incident$/, () => '没有该突发事件'],
  [/^not an exercise incident$/, () => '不是演练事件'],
  [/^not open for this dispute$/, () => '该争议不适用'],
  // Dates of retention assessments; last, so more specific messages match first.
  [/^after (\S+)$/, (_, d) => `须晚于 ${d}`],
  [/^at most (\S+)$/, (_, d) => `最迟为 ${d}`],
];
const IP_KIND_ZH: Record<string, string> = { private: '私有', shared: '共享', loopback: '环回', 'link-local': '链路本地', unspecified: '未指定' };

/** Our messages by their English wording, for field errors that carry the words but not the key. */
let BY_ENGLISH: Map<string, MessageKey> | undefined;

/** A field message in Chinese: ours by key (or by our English words), the domain's by its wording; never left in English. */
function fieldMessageZh(e: FieldError): string {
  if (e.key !== undefined && isMessageKey(e.key)) return say(e.key, 'zh', e.params);
  if (isMessageKey(e.message)) return say(e.message, 'zh', e.params);
  BY_ENGLISH ??= new Map((Object.keys(MESSAGES) as MessageKey[]).map((k) => [MESSAGES[k][0] as string, k]));
  const ours = BY_ENGLISH.get(e.message);
  if (ours) return say(ours, 'zh', e.params);
  for (const [pattern, zh] of DOMAIN_FIELD_ZH) {
    const m = pattern.exec(e.message);
    if (m) return zh(...m);
  }
  return say('invalid', 'zh');
}

/** Paths read the same on 400 and 422: a domain rule's `parentPlanId` is `body.parentPlanId`, as zod's would be. */
export function normalisePath(path: string): string {
  return /^(body|query|params|headers)(\.|$)/.test(path) ? path : `body.${path}`;
}

export function localiseFieldErrors(errors: FieldError[], lang: Lang): { path: string; message: string }[] {
  const english = (e: FieldError) => (e.key !== undefined && isMessageKey(e.key) ? say(e.key, 'en', e.params) : e.message);
  return errors.map((e) => ({ path: normalisePath(e.path), message: lang === 'en' ? english(e) : fieldMessageZh(e) }));
}

/**
 * Chinese details by code: the English detail's parameters carried over where a pattern knows it, a sentence of the
 * code's own otherwise. Every code the API emits has one (test/unit/messages.test.ts reads the sources to check).
 */
const DETAIL_ZH: Record<string, [RegExp, (...m: string[]) => string][] | string> = {
  'not-found': [
    [/^No (\w+) (\S+?)\.?$/, (_, t, id) => `未找到${THING_ZH[t!] ?? t}：${id}。`],
    [/^Plan (\S+) has no version (\d+)\.$/, (_, p, v) => `预案 ${p} 没有第 ${v} 版。`],
    [/^This incident has no response\.$/, () => '该突发事件尚未启动应急响应。'],
    [/^You have not registered as a volunteer\.$/, () => '您尚未登记为志愿者。'],
  ],
  'not-in-jurisdiction': [
    [/^Division (\S+) is outside (\d+)\.$/, (_, d, g) => `行政区 ${d} 不在 ${g} 辖区内。`],
    [/^Incident (\S+) is outside (?:your division|(\d+))\.$/, (_, i) => `突发事件 ${i} 不在您的辖区内。`],
    [/^Division (\S+) is neither yours, below yours nor above it\.$/, (_, d) => `行政区 ${d} 既不是您的辖区，也不是您的上级或下级行政区。`],
    [/^Only the office of division (\d+) may change its plans\.$/, (_, d) => `只有行政区 ${d} 的应急管理部门可以修改其预案。`],
    [/^Only the government leading this response \((\d+)\) may do this\.$/, (_, d) => `只有负责本次响应的人民政府（${d}）可以执行此操作。`],
    [/^Only a government above (\d+) may take over this response\.$/, (_, d) => `只有 ${d} 的上级人民政府可以接管本次响应。`],
    [/^The incident's division (\d+) is outside division (\d+)\.$/, (_, i, g) => `事件所在行政区 ${i} 不在 ${g} 辖区内。`],
    [/^Only the issuing government \((\d+)\) may adjust or lift this warning \(Art 70\)\.$/, (_, d) => `只有发布预警的人民政府（${d}）可以调整或解除该预警（第七十条）。`],
    [/^(.+) is outside your division\.$/, () => '该对象不在您的辖区内。'],
  ],
  'forbidden-role': [
    [/^This needs one of the roles: (.+)\.$/, (_, r) => `此操作需要以下角色之一：${r}。`],
    [/^Registering yourself needs a sign-in that verified your ID number/, () => '自行登记为志愿者须使用已核验身份证号码的账号登录（实名认证）；否则请由志愿服务组织为您登记。'],
    [/^An office account needs a division and a government level/, () => '应急管理部门账号须有行政区和政府层级，请联系管理员。'],
    [/^The government level (\w+) does not fit division (\d+) \(a (\w+) division\)/, (_, l, d, a) => `政府层级“${level(l!)}”与行政区 ${d}（${level(a!)}行政区）不符，请联系管理员。`],
  ],
  'invalid-transition': [
    [/^Cannot (\w+) version (\d+): it is ([\w-]+), not ([\w-]+)\.$/, (_, a, v, s, f) => `第 ${v} 版当前状态为 ${s}（而非 ${f}），不能执行 ${a}。`],
    [/^Version (\d+) is ([\w-]+); finish or publish it before drafting another\.$/, (_, v, s) => `第 ${v} 版处于 ${s} 状态；请先完成或发布该版本，再起草新版本。`],
    [/^A retired plan cannot be revised\.$/, () => '已废止的预案不能修订。'],
    [/^The plan is retired\.$/, () => '该预案已废止。'],
    [/^Only a plan in force can be retired/, () => '只有现行有效的预案才能废止；该预案从未发布。'],
    [/^Only a published version whose filing is pending can be filed\.$/, () => '只有已发布且待备案的版本才能备案。'],
    [/^A response is already active/, () => '应急响应已经启动；请改为调整响应级别。'],
    [/^The response has ended\.$/, () => '应急响应已经结束。'],
    [/^There is no active response\.$/, () => '当前没有正在进行的应急响应。'],
    [/^The warning has (?:already )?been lifted\.$/, () => '该预警已解除。'],
    [/^Drills are recorded against a plan in force/, () => '演练只能针对现行有效（已发布或已备案）的预案记录。'],
    [/^This drill has already been evaluated\.$/, () => '该演练已评估。'],
    [/^The plan is retired; its drills can no longer be evaluated\.$/, () => '该预案已废止，其演练不能再评估。'],
  ],
  'concurrent-modification': '另一个请求同时修改了该记录；请重新读取后再试。',
  'precondition-failed': '记录自您读取后已变更；请重新读取，并使用新的 ETag 重试。',
  'precondition-required': '请在 If-Match 中携带您上次读取时得到的 ETag。',
  'idempotency-key-reused': '该幂等键已用于内容不同的请求。',
  'already-subscribed': '该接收地址已有订阅；如需更改筛选条件，请先删除原订阅。',
  'already-registered': [[/^You registered as volunteer (\S+) already/, (_, v) => `您已登记为志愿者 ${v}；请在该记录上更新资质、培训和保险。`]],
  'id-number-not-yours': '自行登记须使用您本人经核验的身份证号码。',
  'pii-destroyed': '所请求的个人信息已随其数据密钥销毁，无法恢复。',
  'service-unavailable': '服务繁忙，请稍后重试。',
  'too-many-requests': [[/^At most (\d+) subscriptions or codes per hour/, (_, n) => `每小时最多创建 ${n} 个订阅或验证码；请在本小时结束后重试。`]],
  'subscription-limit': [[/^You have (\d+) subscriptions/, (_, n) => `您已有 ${n} 个订阅，已达每个用户的上限；请先删除一个。`]],
  'code-attempts-exhausted': [[/^The code was mistyped (\d+) times/, (_, n) => `验证码已输错 ${n} 次；请重新提交同一订阅以获取新验证码。`]],
  'code-expired': '验证码已过期；请重新提交同一订阅以获取新验证码。',
  'code-mismatch': [[/^The code does not match; (\d+) attempts? left\.$/, (_, n) => `验证码不符；还可尝试 ${n} 次。`]],
  'route-not-found': '没有这个接口。',
  'method-not-allowed': '该接口不支持此请求方法。',
  'payload-too-large': '请求体过大。',
  'header-fields-too-large': '请求头过大；请减少或缩短请求头后重试。',
  'malformed-request': '请求不是有效的 HTTP 请求。',
  'unsupported-media-type': '请以 UTF-8 编码的 application/json 发送请求体。',
  'malformed-json': '请求体不是有效的 JSON。',
  'invalid-cursor': '该分页游标不是本接口为此列表及筛选条件签发的；请不带游标重新开始。',
  'validation-failed': '请求内容不符合要求。',
  unauthenticated: '需要有效的持有者令牌。',
  // Rule violations (422): the rule in Chinese.
  'no-response-levels': '预案须至少规定一个响应级别（第二十八条）。',
  'inconsistent-response-levels': '响应级别越高，启动阈值和所需的政府层级不能越低。',
  'parent-not-superior': '上级预案须属于同级或上级行政区（第二十六、二十七条）。',
  'parent-retired': '已废止的预案不能再挂接下级预案。',
  'social-security-not-graded': '社会安全事件不分 I 至 IV 级（第三条）。',
  'occurred-in-future': '事件须在发生之后报告；发生时间晚于当前时间。',
  'level-not-in-plan': '所引用的预案版本未规定该响应级别。',
  'insufficient-authority': '该级别的应急响应须由预案规定层级或更高层级的人民政府启动（第七十一、七十二条）。',
  'plan-version-not-in-force': '所引用的预案版本未发布或备案；请引用已发布或已备案的版本。',
  'plan-version-not-found': '没有所引用的预案版本。',
  'plan-outside-division': '所引用的预案不覆盖事件所在行政区。',
  'plan-category-mismatch': '所引用预案的事件类别与本事件不符。',
  'threshold-not-met': '报告的数据未达到预案规定的该级别启动阈值。',
  'same-level': '应急响应已处于该级别。',
  'plan-mismatch': '本次应急响应依据的是另一预案。',
  'issuer-below-county': '只有县级以上人民政府可以发布预警（第六十四条）。',
  'area-outside-jurisdiction': '预警范围只能在发布机关的辖区内（第六十四条）；请通报相邻地区人民政府。',
  'no-warning-for-social-security': '社会安全事件不发布预警（第六十三条）；请向上级报告。',
  'empty-adjustment': '调整预警须变更级别、范围、危害或措施中的至少一项。',
  'drill-in-future': '演练须在进行之后记录；演练时间晚于当前时间。',
  'government-only': '只有人民政府的应急管理部门可以执行此操作。',
  'degenerate-polygon': '预警范围多边形须至少有三个不同的点。',
  // Social forces: organisations, volunteers, deployments.
  'no-active-response': '该突发事件没有正在进行的应急响应；社会力量在应急响应中调派（第七十二条）。',
  'invalid-deployment': '调派请求不完整或无效。',
  'invalid-dates': '调派须从今天或以后开始，开始日期不晚于结束日期，且不超过规定天数。',
  'volunteer-not-in-organization': '调派组织时只能调派其本组织的成员。',
  'organization-not-deployable': '社会力量只有在登记有效期内才能调派（规则 22）。',
  'deploy-through-organization': '社会力量的成员须通过其所属组织调派。',
  'task-is-risky': '该类任务属于危险任务，须核查保险（规则 21）。',
  'volunteer-unavailable': '有志愿者在重叠的日期已有任务。',
  'insurance-required': '危险任务须为每人投保覆盖调派每一天的人身意外伤害保险（规则 21）。',
  'qualification-required': '专业任务须每人具备所需资质，且在调派每一天都有效（规则 21）。',
  'no-forced-assignment': '应急管理部门只能提出调派请求；是否接受由组织或志愿者本人决定（规则 21）。',
  'invalid-answer': '请指明您代为答复的志愿者。',
  'not-on-deployment': '只能为本次调派涉及的人员答复或记录服务时长。',
  'invalid-time': '时间无效：须为已发生的时间，且不早于有关时间。',
  'invalid-hours': '请至少记录一条服务时长。',
  'organization-only': '只有社会应急力量的用户可以执行此操作。',
  'registration-incomplete': '登记信息不完整或无效。',
  'reason-required': '请说明作出该决定的理由。',
  'invalid-date': '日期无效（YYYY-MM-DD）。',
  'valid-until-in-past': '登记有效期须为尚未过去的日期。',
  'invalid-insurance-policy': '保险单信息不完整或无效。',
  'organization-or-citizen-only': '志愿者由其所属组织或本人登记。',
  'consent-unchanged': '同意状态与现状相同，无需更改。',
  'invalid-qualification': '资质信息不完整、无效或已过期。',
  'duplicate-qualification': '该资质证书已有记录。',
  'invalid-training': '培训记录不完整或无效。',
  'duplicate-insurance-policy': '该保险单已有记录。',
  'organization-id-unusable': '您账号中的组织标识无法用作组织标识（应为 8 至 64 位字母、数字、- 或 _）；请联系管理员。',
  'organization-already-registered': '该组织已申请登记；如需续期，由应急管理部门再次批准。',
  'deployment-record-full': '该调派记录的服务时长条目已满；请在新的调派中记录之后的日期。',
  'organization-deployments-only': '调派补偿由被调派的组织申请；自行登记的志愿者不是作为组织被调派的。',
  'nothing-served': '没有人接受本次调派，无可补偿。',
  // Requisition and compensation, reconsideration.
  'claim-over-limit': [[/^A claim may ask for at most (\d+) fen in all; this one asks for (\d+)\.$/, (_, cap, total) => `一项补偿申请合计最多 ${cap} 分；本申请为 ${total} 分。`]],
  'reasons-required': '复议决定须说明理由。',
  'correction-not-at-once': '所有需补正的材料须在第一次补正通知中一次列明；之后的通知只能重复其中的项目。',
  'already-extended': '决定期限只能延长一次（行政复议法第六十二条）。',
  'decision-period-passed': [[/^The decision period ended on (\S+);/, (_, d) => `决定期限已于 ${d} 届满，不能再延长。`]],
  'nothing-approved': '批准金额为零即为不予补偿：请说明理由驳回申请。',
  'approved-above-claimed': [[/^At most the claimed (\d+) fen may be approved\.$/, (_, n) => `批准金额不能超过申请的 ${n} 分。`]],
  'approved-below-paid': [[/^(\d+) fen have already been paid on this claim\.$/, (_, n) => `本申请已支付 ${n} 分，批准金额不能低于此数。`]],
  'served-before-decision': '决定须先作出再送达。',
  'served-in-future': '请在送达之后记录。',
  'payment-above-approved': [[/^Only (\d+) fen of the approved (\d+) fen are still owed\.$/, (_, o, a) => `批准的 ${a} 分中仅剩 ${o} 分未付。`]],
  'reconsideration-pending': '该决定正在复议中；请在复议结束后结案。',
  'voucher-numbers-exhausted': [[/^Division (\d+) has used every voucher number for (\d+)\.$/, (_, d, y) => `行政区 ${d} ${y} 年的征用凭证编号已用完。`]],
  'exempt-from-requisition': '居民住宅、个人和家庭生活必需品以及福利机构的必需品不得征用。',
  'requisition-below-county': '只有县级以上人民政府及其部门可以征用财产（第十二条）。',
  'response-ended': '该突发事件的应急响应已结束，不能再为其征用财产（第十二条）。',
  'taken-in-future': '征用须在发生时或发生后记录。',
  'certificate-required': '财产毁损或灭失的，返还时须附毁损、灭失证明。',
  'reconsideration-window-closed': [[/^The time to apply for reconsideration of this decision ended on (\S+) \((.+)\)\.$/, (_, d) => `申请复议的期限已于 ${d} 届满（行政复议法第二十条、第二十一条）。`]],
  'not-reconsideration-organ': [[/^Only the government of division (\d+),/, (_, d) => `本决定的复议机关是行政区 ${d} 的人民政府，即作出决定机关的上一级人民政府（行政复议法第二十四条）。`]],
  'simplified-procedure-not-open': '简易程序只适用于争议金额不超过三千元或者当事各方同意的案件（行政复议法第五十三条）。',
  'no-extension-in-simplified-procedure': '适用简易程序的案件应在三十日内作出决定，不能延长（行政复议法第六十二条）。',
  'variation-not-more-favourable': [[/^A variation may not leave the applicant worse off .*more than (\d+) fen/, (_, n) => `变更决定不得对申请人更为不利（行政复议法第六十三条）：批准金额须高于 ${n} 分，否则请维持原决定。`]],
  'claim-already-made': [[/^A claim was already made on this; follow it at (\S+)\.$/, (_, l) => `已就此提出过补偿申请，请在 ${l} 查看办理情况。`]],
  'no-such-personal-field': [
    [/^This (\w+) has no personal field (\S+); it holds no personal data yet\.$/, (_, k, f) => `该${THING_ZH[k!] ?? k}记录没有个人信息字段 ${f}；它目前不含任何个人信息。`],
    [/^This (\w+) has no personal field (\S+); it has (.+)\.$/, (_, k, f, list) => `该${THING_ZH[k!] ?? k}记录没有个人信息字段 ${f}；可查看的字段为 ${list}。`],
  ],
  'not-a-neighbour': '预警只通报同一上级下的同级相邻人民政府（第六十四条）。',
  'rebuttal-only-for-rumours': '只有谣言才需要辟谣（第七条）。',
  'exercise-incident-not-found': [[/^No incident (\S+) you can read\.$/, (_, i) => `没有您可读取的突发事件 ${i}。`]],
  'not-an-exercise': [[/^Incident (\S+) is a real incident, not an exercise\.$/, (_, i) => `突发事件 ${i} 是真实事件，不是演练。`]],
  // Investigation and recovery.
  'investigation-findings-missing': '请先记录调查结论（原因、损失、教训、建议和责任），再提交报告。',
  'too-many-recovery-tasks': [[/^An incident has at most (\d+) recovery tasks\.$/, (_, n) => `一个突发事件最多有 ${n} 项恢复重建任务。`]],
  'due-date-past': '恢复重建任务的期限须为今天或以后。',
  'not-a-date': [
    [/^(\S+) is not a day of the calendar\.$/, (_, d) => `${d} 不是日历上存在的日期。`],
    [/^retainUntil names a day that does not exist\.$/, () => 'retainUntil 不是日历上存在的日期。'],
  ],
  // Retention assessments (rule 17).
  'retain-until-past': '评估保留个人信息的期限须晚于今天：retainUntil 须为以后的日期。',
  'retention-too-long': [[/^An assessment keeps data at most (\d+) years: retainUntil (\S+) at the latest; assess again then\.$/, (_, y, d) => `一次评估最多保留个人信息 ${y} 年：retainUntil 最迟为 ${d}，届时请重新评估。`]],
  'statutory-assessment': '法定评估随补偿案件结束：案件办结且救济期限届满时自动终止，不能提前结束。',
  // Citizens' reports (rule 25).
  'unknown-incident': [[/^No incident (\S+)( you can read)?\.$/, (_, i) => `没有突发事件 ${i}。`]],
  'rebuttal-needs-incident': '请指明谣言所涉及的突发事件：辟谣信息针对突发事件发布。',
};

/** The fallback for a code nobody translated yet: still Chinese, and the code is in the problem for the details. */
const UNKNOWN_RULE_ZH = '违反有关规定，请求被拒绝。';

export function hasChineseDetail(code: string): boolean {
  return Object.hasOwn(DETAIL_ZH, code);
}

/** The detail of an error in the caller's language. */
export function detailOf(e: AppError, lang: Lang): string {
  if (e.localized && isMessageKey(e.localized.key)) {
    const detail = say(e.localized.key, lang, e.localized.params);
    return e.localized.suffix && isMessageKey(e.localized.suffix) ? detail + say(e.localized.suffix, lang) : detail;
  }
  if (lang === 'en') return e.message;
  const known = DETAIL_ZH[e.code];
  if (typeof known === 'string') return known;
  for (const [pattern, zh] of known ?? []) {
    const m = pattern.exec(e.message);
    if (m) return zh(...m);
  }
  return TITLES[e.code] ? `${TITLES[e.code]!.zh}。` : UNKNOWN_RULE_ZH;
}

/** An error whose detail is one of our messages, said in the caller's language when the problem is written. */
export function withMessage<E extends AppError>(make: (englishDetail: string) => E, key: MessageKey, params?: Params, suffix?: MessageKey): E {
  const e = make(say(key, 'en', params) + (suffix ? say(suffix, 'en') : ''));
  e.localized = { key, ...(params ? { params } : {}), ...(suffix ? { suffix } : {}) };
  return e;
}
