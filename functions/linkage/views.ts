// What offices see of a notice: everything it says, whether it is overdue, and its delivery receipt. No official's id.
import { isOverdue, type Notice } from '../../shared/domain/notice.ts';

export function noticeView(n: Notice, now: Date) {
  const { rev: _rev, ...rest } = n;
  return { ...rest, overdue: isOverdue(n, now) };
}
