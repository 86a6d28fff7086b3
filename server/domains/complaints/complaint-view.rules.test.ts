import { describe, expect, it } from 'vitest';
import { complaintCardData, toComplaintView } from './complaint-view.rules.ts';
import type { Complaint, ComplaintClock, ComplaintEvent } from './complaint.types.ts';

const SUMMARY = '柜员态度差，张三明 13812341234 要求道歉';
const REQUEST = '要求赔偿 200 元';
const FACTS = '补充：录像显示 11-01 10:05 的对话';

const complaint: Complaint = {
  id: 42, reference: 'TS-2026-000042', source: 'crm', externalId: 'CRM-1', kind: 'original', parentId: null, mergedIntoId: null,
  branchId: 'b-1', branchCode: 'B001', branchName: '南山支行', staffCode: 'S009', staffName: '王五',
  channel: 'counter', category: 'service_attitude', severity: 'normal',
  complainantName: '张三明', complainantPhone: '13812341234', agentName: '欧阳娜娜', agentAuthorization: '授权委托书 2026-001',
  summary: SUMMARY, request: REQUEST, facts: FACTS,
  receivedAt: new Date('2026-11-01T02:00:00Z'), status: 'in_progress', handlerCode: 'S001', handlerName: '赵六',
  decision: null, decidedAt: null, version: 3,
  createdAt: new Date('2026-11-01T02:01:00Z'), updatedAt: new Date('2026-11-02T02:00:00Z'),
};

const clock: ComplaintClock = {
  stage: 15, startDay: '2026-11-01', pausedDays: 0, paused: false,
  decisionDueAt: new Date('2026-11-16T15:59:59Z'), clockState: 'on_track',
  firstContactDueAt: new Date('2026-11-02T15:59:59Z'), firstContactAt: new Date('2026-11-01T05:00:00Z'),
  decided: false, decidedOnTime: null,
};

describe('toComplaintView', () => {
  it('masks the complainant and the agent unless revealed (张*明, 138****1234, 欧阳**)', () => {
    const view = toComplaintView(complaint, clock, { reveal: false });
    expect(view.complainant).toEqual({ name: '张*明', phone: '138****1234' });
    expect(view.agent).toEqual({ name: '欧阳**', authorization: '授权委托书 2026-001' });
  });
  it('shows the full record to an authorized reader', () => {
    const view = toComplaintView(complaint, clock, { reveal: true });
    expect(view.complainant).toEqual({ name: '张三明', phone: '13812341234' });
    expect(view.agent?.name).toBe('欧阳娜娜');
  });
  it('keeps a missing phone and a missing agent empty', () => {
    const view = toComplaintView({ ...complaint, complainantPhone: null, agentName: null, agentAuthorization: null }, clock, { reveal: false });
    expect(view.complainant.phone).toBeNull();
    expect(view.agent).toBeNull();
  });
  it('carries the clock as ISO times', () => {
    expect(toComplaintView(complaint, clock, { reveal: false })).toMatchObject({
      stage: 15, clockState: 'on_track', pausedDays: 0, decidedOnTime: null,
      decisionDueAt: '2026-11-16T15:59:59.000Z', firstContactDueAt: '2026-11-02T15:59:59.000Z', firstContactAt: '2026-11-01T05:00:00.000Z',
      receivedAt: '2026-11-01T02:00:00.000Z', decidedAt: null,
      branch: { code: 'B001', name: '南山支行' }, staff: { code: 'S009', name: '王五' }, handler: { code: 'S001', name: '赵六' },
    });
  });
  it('adds the timeline only when events are given', () => {
    expect(toComplaintView(complaint, clock, { reveal: false }).timeline).toBeUndefined();
    const event: ComplaintEvent = {
      id: 1, kind: 'received', at: complaint.receivedAt, recordedAt: complaint.createdAt, actor: 'crm', actorRole: null, channel: 'api', data: { channel: 'counter' },
    };
    expect(toComplaintView(complaint, clock, { reveal: false, events: [event] }).timeline).toEqual([
      { kind: 'received', at: '2026-11-01T02:00:00.000Z', recordedAt: '2026-11-01T02:01:00.000Z', actor: 'crm', channel: 'api', data: { channel: 'counter' } },
    ]);
  });
});

describe('complaintCardData (what a chat card may show)', () => {
  const card = complaintCardData(complaint, clock, { url: 'https://touchstone.example/complaints/42' });
  const text = JSON.stringify(card);

  it('masks the complainant always', () => {
    expect(card.complainant).toBe('张*明');
    expect(card.phone).toBe('138****1234');
    expect(text).not.toContain('张三明');
    expect(text).not.toContain('13812341234');
    expect(text).not.toContain('欧阳娜娜');
  });
  it('never carries free text: summary, request, facts or decision', () => {
    for (const key of ['summary', 'request', 'facts', 'decision']) expect(card).not.toHaveProperty(key);
    for (const free of [SUMMARY, REQUEST, FACTS]) expect(text).not.toContain(free);
    const decided = complaintCardData({ ...complaint, status: 'decided', decision: '退还年费 200 元，客户 张三明 已接受' }, { ...clock, decided: true, decidedOnTime: true });
    expect(JSON.stringify(decided)).not.toContain('退还年费');
  });
  it('carries what the alert template needs', () => {
    expect(card).toMatchObject({
      id: 42, reference: 'TS-2026-000042', branch: 'B001', branchName: '南山支行', category: 'service_attitude', channel: 'counter',
      severity: 'normal', receivedAt: '2026-11-01T02:00:00.000Z', decisionDueAt: '2026-11-16T15:59:59.000Z', stage: 15,
      clockState: 'on_track', status: 'in_progress', handler: '赵六', version: 3, url: 'https://touchstone.example/complaints/42',
    });
  });
  it('leaves the url out when none is given', () => {
    expect(complaintCardData(complaint, clock)).not.toHaveProperty('url');
  });
});
