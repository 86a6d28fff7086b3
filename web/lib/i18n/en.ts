import type { Messages } from './zh-CN.ts';
import { enApp } from './en/app.ts';
import { enWall } from './en/wall.ts';
import { enComplaints } from './en/complaints.ts';
import { enInspections } from './en/inspections.ts';
import { enCare } from './en/care.ts';
import { enStars } from './en/stars.ts';
import { enReports } from './en/reports.ts';
import { enAdmin } from './en/admin.ts';

/** English, one part per capability in en/, each typed by its Chinese part: every key, no others. */
export const en: Messages = { ...enApp, ...enWall, ...enComplaints, ...enInspections, ...enCare, ...enStars, ...enReports, ...enAdmin };
