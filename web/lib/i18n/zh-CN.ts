import { zhApp } from './zh-CN/app.ts';
import { zhWall } from './zh-CN/wall.ts';
import { zhComplaints } from './zh-CN/complaints.ts';
import { zhInspections } from './zh-CN/inspections.ts';
import { zhCare } from './zh-CN/care.ts';
import { zhStars } from './zh-CN/stars.ts';
import { zhReports } from './zh-CN/reports.ts';
import { zhAdmin } from './zh-CN/admin.ts';

/**
 * Chinese (the product's first language), one part per capability in zh-CN/. Every key here must
 * exist in en.ts; the type of en.ts is derived from this object, so a missing or misspelt key is a
 * compile error. Placeholders are `{name}` and are filled by `t(key, { name })`.
 */
export const zhCN = { ...zhApp, ...zhWall, ...zhComplaints, ...zhInspections, ...zhCare, ...zhStars, ...zhReports, ...zhAdmin };

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
