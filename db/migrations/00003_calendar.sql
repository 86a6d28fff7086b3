-- The working-day calendar: statutory holidays (法定节假日) and make-up working days (调休上班).
-- A weekday is a working day unless listed as a holiday; a weekend day is a rest day unless
-- listed as a workday. Each year records where its data came from: the chinese-days package
-- (official, through 2026), an administrator's import (official), or festivals computed from the
-- lunar calendar while the State Council's schedule is not yet known (tentative).

create table calendar_years (
  year integer primary key,
  source text not null,
  official boolean not null,
  updated_at timestamptz not null default now(),
  constraint calendar_years_source_check check (source in ('chinese-days', 'import', 'computed'))
);

create table calendar_days (
  day date primary key,
  kind text not null,
  name text not null,
  year integer not null references calendar_years (year) on delete cascade,
  constraint calendar_days_kind_check check (kind in ('holiday', 'workday')),
  constraint calendar_days_year_check check (extract(year from day) = year)
);
create index calendar_days_year_idx on calendar_days (year);
