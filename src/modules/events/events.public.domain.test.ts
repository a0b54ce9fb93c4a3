import { describe, expect, it } from 'vitest';
import { AttemptWindow, registrationClosedReason } from './events.public.domain.ts';
import { eventReportDocument, writtenAmount, writtenDate } from './events.report.domain.ts';

describe('the public form’s attempt window', () => {
  it('lets `limit` attempts through per window and key, then names the wait until the oldest leaves it', () => {
    const w = new AttemptWindow(2, 1000);
    expect(w.hit('a', 0)).toBe(0);
    expect(w.hit('a', 100)).toBe(0);
    expect(w.hit('a', 400)).toBe(600);
    expect(w.hit('b', 400)).toBe(0);
    expect(w.hit('a', 1000)).toBe(0); // the first attempt has left the window
  });

  it('forgets the oldest keys beyond its size', () => {
    const w = new AttemptWindow(1, 1000, 2);
    w.hit('a', 0);
    w.hit('b', 0);
    w.hit('c', 0);
    expect(w.hit('a', 1)).toBe(0);
    expect(w.hit('c', 1)).toBeGreaterThan(0);
  });
});

describe('why registration is closed', () => {
  const ev = { status: 'open', registration_opens_at: '2030-05-01T01:00:00Z', registration_closes_at: '2030-05-10T10:00:00Z' };
  it('names the opening or the closing time in China time, or the status', () => {
    expect(registrationClosedReason(ev, new Date('2030-04-30T00:00:00Z'))?.zh).toBe('报名尚未开始，将于 2030-05-01 09:00 开始');
    expect(registrationClosedReason(ev, new Date('2030-05-11T00:00:00Z'))?.zh).toBe('报名已于 2030-05-10 18:00 截止');
    expect(registrationClosedReason({ ...ev, status: 'closed' }, new Date('2030-05-05T00:00:00Z'))?.en).toBe('the event does not take registrations now');
    expect(registrationClosedReason(ev, new Date('2030-05-05T00:00:00Z'))).toBeNull();
  });
});

describe('the report document', () => {
  it('writes amounts and dates as a document does, and a part per outcome kind and segment', () => {
    expect(writtenAmount(12800.5)).toBe('12,800.5');
    expect(writtenDate('2030-06-01')).toBe('2030年6月1日');
    const doc = eventReportDocument(
      {
        event: { name: '对接会', starts_on: '2030-06-01', ends_on: '2030-06-02', venue: null },
        registrations: { total: 0, checked_in: 0, by_kind: {} },
        requests: { total: 0, by_status: {} },
        meetings: { total: 0, by_status: {}, placed: 0 },
        outcomes: [{ kind: 'signed', count: 1, amount: 5 }],
        projects: 1,
        segments: [],
      },
      { issuer: '市商务局', date: '2030-06-03' },
    );
    expect(doc.preamble).toBe('2030年6月1日至2030年6月2日举办对接会。现将活动情况报告如下。');
    expect(doc.nodes.map((n) => n.heading)).toEqual(['报名情况', '约见请求', '会谈举行情况', '对接成果', '涉及产业链环节']);
    expect(doc.nodes[0]!.text).toBe('共有0家单位报名参会，现场签到0家。');
    expect(doc.nodes[3]!.children).toEqual([{ marker: '（一）', heading: '签约', text: '1项，金额5万元。' }]);
    expect(doc.nodes[4]!.text).toBe('本次活动的供需和成果未标注产业链环节。');
  });
});
