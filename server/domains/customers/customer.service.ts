/**
 * Customer use cases: findCustomerByCode (masked unless revealed), countCustomers, and
 * upsertCustomers for the importer (inside its transaction). No domain events.
 */
import type { Queryable, TransactionSql } from '../../../db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/pii.ts';
import { countAllCustomers, findCustomerRecordByCode, upsertCustomerBatch, type CustomerRecord } from './customer.repo.ts';
import type { Customer, CustomerInput, UpsertCounts } from './customer.types.ts';

const BATCH_SIZE = 1000;

export async function upsertCustomers(
  tx: TransactionSql,
  inputs: readonly CustomerInput[],
  onBatch?: (done: number) => void,
): Promise<UpsertCounts> {
  const isProvided = (key: keyof CustomerInput) => inputs.some((input) => input[key] !== undefined);
  const provided = {
    accountManagerCode: isProvided('accountManagerCode'),
    tier: isProvided('tier'),
    birthday: isProvided('birthday'),
    phone: isProvided('phone'),
    idNumber: isProvided('idNumber'),
    careOptOut: isProvided('careOptOut'),
  };
  const total = { inserted: 0, updated: 0 };
  for (let start = 0; start < inputs.length; start += BATCH_SIZE) {
    const batch = inputs.slice(start, start + BATCH_SIZE);
    const counts = await upsertCustomerBatch(tx, batch, provided);
    // The statement joins to the branch; a branch removed since validation would drop rows silently.
    if (counts.inserted + counts.updated !== batch.length) {
      throw new AppError('CONFLICT', 'a referenced branch was removed meanwhile; nothing was written, try again');
    }
    total.inserted += counts.inserted;
    total.updated += counts.updated;
    onBatch?.(Math.min(start + BATCH_SIZE, inputs.length));
  }
  return total;
}

function toCustomer(record: CustomerRecord, reveal: boolean): Customer {
  const birthday =
    record.birthdayCalendar && record.birthMonth !== null && record.birthDay !== null
      ? {
          calendar: record.birthdayCalendar,
          year: reveal ? record.birthYear : null,
          month: record.birthMonth,
          day: record.birthDay,
          leapMonth: record.birthLeapMonth,
        }
      : null;
  return {
    id: record.id,
    code: record.code,
    name: reveal ? record.name : (maskName(record.name) ?? ''),
    branchCode: record.branchCode,
    accountManagerCode: record.accountManagerCode,
    tier: record.tier,
    birthday,
    phone: reveal ? record.phone : maskPhone(record.phone),
    idNumber: reveal ? record.idNumber : maskIdNumber(record.idNumber),
    careOptOut: record.careOptOut,
    masked: !reveal,
  };
}

/**
 * A customer by code, or undefined. Personal data (name, phone, ID number, birth year) is masked
 * unless `reveal` is true; the caller is responsible for having checked the right to see it.
 */
export async function findCustomerByCode(
  sql: Queryable,
  code: string,
  options: { reveal?: boolean } = {},
): Promise<Customer | undefined> {
  const record = await findCustomerRecordByCode(sql, code);
  return record ? toCustomer(record, options.reveal === true) : undefined;
}

export const countCustomers = (sql: Queryable): Promise<number> => countAllCustomers(sql);
