-- Customers, for care tasks (birthdays, holidays) and complaints. Phone and ID number are stored
-- whole for authorized views and masked by helpers everywhere else (JR/T 0171).

create table customers (
  id bigint generated always as identity primary key,
  code text not null,
  name text not null,
  branch_id bigint not null references branches (id) on delete restrict,
  account_manager_id bigint references staff (id) on delete set null,
  tier text not null default 'mass',
  -- A birthday is a month and day in the solar or the lunar calendar (many customers keep the
  -- lunar one); the year is optional. A lunar birthday may fall in a leap month.
  birthday_calendar text,
  birth_year smallint,
  birth_month smallint,
  birth_day smallint,
  birth_leap_month boolean not null default false,
  phone text,
  id_number text,
  care_opt_out boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customers_code_key unique (code),
  constraint customers_tier_check check (tier in ('mass', 'gold', 'platinum', 'diamond', 'private')),
  constraint customers_birthday_calendar_check check (birthday_calendar in ('solar', 'lunar')),
  constraint customers_birthday_check check (
    (birthday_calendar is null and birth_month is null and birth_day is null)
    or (birthday_calendar is not null and birth_month between 1 and 12 and birth_day between 1 and 31)),
  constraint customers_birth_leap_month_check check (not birth_leap_month or birthday_calendar = 'lunar')
);
create index customers_branch_id_idx on customers (branch_id);
create index customers_account_manager_id_idx on customers (account_manager_id);
create index customers_birthday_idx on customers (birthday_calendar, birth_month, birth_day);
