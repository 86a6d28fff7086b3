import { describe, expect, it } from 'vitest';
import { renderTemplate } from './templates.ts';

const data = {
  name: '示范银行总行', month: '2026-11', serviceIndex: 81.2, serviceIndexLastYear: 77.5, satisfactionRate: 0.9812, satisfactionTarget: 0.98,
  errorRate: 4.6, errorTarget: 5, finished: 2_378_106, complaints: 245, onTimeRate: 0.95, overdue: 3,
  best: ['上海黄浦打浦桥网点', '上海徐汇天钥桥路网点'], worst: ['上海静安大宁网点'], url: 'https://ts.example/reports/monthly?scope=bank&month=2026-11',
};

describe('the monthly report card', () => {
  it('renders the headline with 同比, the best and worst outlets and a link button', () => {
    const message = renderTemplate('report.monthly', data, { locale: 'zh-CN', timeZone: 'Asia/Shanghai', now: new Date('2026-12-01T01:00:00Z') });
    expect(message.kind).toBe('card');
    const text = JSON.stringify(message);
    expect(text).toContain('示范银行总行 2026-11 月度服务质量报告');
    expect(text).toContain('81.2（同比 +3.7）');
    expect(text).toContain('98.1% / 目标 98.0%');
    expect(text).toContain('超期 3 件');
    expect(text).toContain('上海黄浦打浦桥网点、上海徐汇天钥桥路网点');
    expect(text).toContain(data.url);
  });
});
