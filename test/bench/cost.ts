// A cost model per million API calls, from what the benchmark measured: Lambda (arm64) at the measured memory and
// handler duration, API Gateway REST, DynamoDB on-demand request units as DynamoDB Local reported them, and for calls
// that announce something, the relay's share (its Lambda, its two table calls, the SNS publish).
//
// Prices: AWS's published on-demand prices for US East (N. Virginia), USD, first tier, no free tier:
//   Lambda arm64  $0.0000133334 per GB-s, $0.20 per million requests      https://aws.amazon.com/lambda/pricing/
//   API Gateway   REST API $3.50 per million requests (first 333 million)   https://aws.amazon.com/api-gateway/pricing/
//   DynamoDB      on-demand $0.625 per million write, $0.125 per million read request units
//                                                                           https://aws.amazon.com/dynamodb/pricing/on-demand/
//   SNS           $0.50 per million publishes                               https://aws.amazon.com/sns/pricing/
// The China regions (cn-north-1, cn-northwest-1) publish their own prices in CNY: set BENCH_PRICES to a JSON object of
// the same keys to model them.
import type { CallCost, Units } from './capacity.ts';

export interface Prices {
  lambdaGbSecond: number;
  lambdaRequest: number;
  apiGatewayRequest: number;
  dynamoWriteUnit: number;
  dynamoReadUnit: number;
  snsPublish: number;
  currency: string;
  source: string;
}

export const PRICES: Prices = {
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  apiGatewayRequest: 3.5 / 1e6,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  snsPublish: 0.5 / 1e6,
  currency: 'USD',
  source: 'AWS published on-demand prices, US East (N. Virginia), first tier, without free tier',
  ...(process.env['BENCH_PRICES'] ? (JSON.parse(process.env['BENCH_PRICES']) as Partial<Prices>) : {}),
};

/** Lambda bills memory in 1 MB steps from 128 MB; the right size is the peak the function reached, plus headroom. */
export function rightSizedMb(peakRssMb: number, headroom = 1.25): number {
  return Math.max(128, Math.ceil(peakRssMb * headroom));
}

export interface OperationCost {
  operation: string;
  fn: string;
  memoryMb: number;
  durationMs: number;
  units: Units;
  /** Alerts the call announces (each one relayed and published once). */
  alerts: number;
  /** USD (or the BENCH_PRICES currency) per million calls, by part. */
  perMillion: { lambda: number; apiGateway: number; dynamodb: number; relay: number; total: number };
}

/** Cost of a million calls of one operation; Lambda duration is billed in whole milliseconds. */
export function operationCost(o: { operation: string; fn: string; memoryMb: number; measured: CallCost; alerts: number; relay?: { memoryMb: number; durationMs: number; units: Units } }, prices = PRICES): OperationCost {
  const billedMs = Math.ceil(o.measured.p50Ms);
  const lambda = 1e6 * ((o.memoryMb / 1024) * (billedMs / 1000) * prices.lambdaGbSecond + prices.lambdaRequest);
  const apiGateway = 1e6 * prices.apiGatewayRequest;
  const dynamodb = 1e6 * (o.measured.read * prices.dynamoReadUnit + o.measured.write * prices.dynamoWriteUnit);
  const r = o.relay;
  // The relay as invoked for one record (its worst case: a batch of one), its ledger read and write, and the publish.
  const relay = r && o.alerts > 0
    ? 1e6 * o.alerts * ((r.memoryMb / 1024) * (Math.ceil(r.durationMs) / 1000) * prices.lambdaGbSecond + prices.lambdaRequest + r.units.read * prices.dynamoReadUnit + r.units.write * prices.dynamoWriteUnit + prices.snsPublish)
    : 0;
  const round = (v: number) => Number(v.toFixed(4));
  return {
    operation: o.operation,
    fn: o.fn,
    memoryMb: o.memoryMb,
    durationMs: billedMs,
    units: { read: o.measured.read, write: o.measured.write },
    alerts: o.alerts,
    perMillion: { lambda: round(lambda), apiGateway: round(apiGateway), dynamodb: round(dynamodb), relay: round(relay), total: round(lambda + apiGateway + dynamodb + relay) },
  };
}
