import type { Queryable } from '../../../db/types.ts';
import type { BirthdayCalendar, CustomerInput, CustomerTier, UpsertCounts } from './customer.types.ts';

export interface CustomerFieldsProvided {
  accountManagerCode: boolean;
  tier: boolean;
  birthday: boolean;
  phone: boolean;
  idNumber: boolean;
  careOptOut: boolean;
}

/** A customer as stored: personal data whole. Only the service decides what leaves unmasked. */
export interface CustomerRecord {
  id: string;
  code: string;
  name: string;
  branchCode: string;
  accountManagerCode: string | null;
  tier: CustomerTier;
  birthdayCalendar: BirthdayCalendar | null;
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  birthLeapMonth: boolean;
  phone: string | null;
  idNumber: string | null;
  careOptOut: boolean;
}

/** One multi-row upsert; branch and account manager codes are resolved in the statement. */
export async function upsertCustomerBatch(
  sql: Queryable,
  inputs: readonly CustomerInput[],
  provided: CustomerFieldsProvided,
): Promise<UpsertCounts> {
  const records = inputs.map((c) => ({
    code: c.code,
    name: c.name,
    branch_code: c.branchCode,
    account_manager_code: c.accountManagerCode ?? null,
    tier: c.tier ?? null,
    birthday_calendar: c.birthday?.calendar ?? null,
    birth_year: c.birthday?.year ?? null,
    birth_month: c.birthday?.month ?? null,
    birth_day: c.birthday?.day ?? null,
    birth_leap_month: c.birthday?.leapMonth ?? false,
    phone: c.phone ?? null,
    id_number: c.idNumber ?? null,
    care_opt_out: c.careOptOut ?? null,
  }));
  // The birthday columns move together (customers_birthday_check), so one flag covers them.
  const rows = await sql<{ inserted: boolean }[]>`
    insert into customers (
      code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_year, birth_month, birth_day,
      birth_leap_month, phone, id_number, care_opt_out)
    select v.code, v.name, b.id, s.id, coalesce(v.tier, 'mass'), v.birthday_calendar, v.birth_year, v.birth_month,
           v.birth_day, v.birth_leap_month, v.phone, v.id_number, coalesce(v.care_opt_out, false)
    from jsonb_to_recordset(${sql.json(records)}) as v (
      code text, name text, branch_code text, account_manager_code text, tier text, birthday_calendar text,
      birth_year smallint, birth_month smallint, birth_day smallint, birth_leap_month boolean,
      phone text, id_number text, care_opt_out boolean)
    join branches b on b.code = v.branch_code
    left join staff s on s.code = v.account_manager_code
    on conflict (code) do update
    set name = excluded.name,
        branch_id = excluded.branch_id,
        account_manager_id = case when ${provided.accountManagerCode}::boolean
          then excluded.account_manager_id else customers.account_manager_id end,
        tier = case when ${provided.tier}::boolean then excluded.tier else customers.tier end,
        birthday_calendar = case when ${provided.birthday}::boolean then excluded.birthday_calendar else customers.birthday_calendar end,
        birth_year = case when ${provided.birthday}::boolean then excluded.birth_year else customers.birth_year end,
        birth_month = case when ${provided.birthday}::boolean then excluded.birth_month else customers.birth_month end,
        birth_day = case when ${provided.birthday}::boolean then excluded.birth_day else customers.birth_day end,
        birth_leap_month = case when ${provided.birthday}::boolean then excluded.birth_leap_month else customers.birth_leap_month end,
        phone = case when ${provided.phone}::boolean then excluded.phone else customers.phone end,
        id_number = case when ${provided.idNumber}::boolean then excluded.id_number else customers.id_number end,
        care_opt_out = case when ${provided.careOptOut}::boolean then excluded.care_opt_out else customers.care_opt_out end,
        updated_at = now()
    returning (xmax = 0) as inserted`;
  const inserted = rows.filter((row) => row.inserted).length;
  return { inserted, updated: rows.length - inserted };
}

export async function findCustomerRecordByCode(sql: Queryable, code: string): Promise<CustomerRecord | undefined> {
  const [row] = await sql<CustomerRecord[]>`
    select c.id, c.code, c.name, b.code as branch_code, s.code as account_manager_code, c.tier,
           c.birthday_calendar, c.birth_year, c.birth_month, c.birth_day, c.birth_leap_month,
           c.phone, c.id_number, c.care_opt_out
    from customers c
    join branches b on b.id = c.branch_id
    left join staff s on s.id = c.account_manager_id
    where c.code = ${code}`;
  return row ? { ...row } : undefined;
}

export async function countAllCustomers(sql: Queryable): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from customers`;
  return row?.count ?? 0;
}
