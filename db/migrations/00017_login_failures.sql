-- Failed logins that no user row can hold, shared by every instance (they were in each process's
-- memory, so N instances gave an attacker N budgets, and a restart forgave everything):
--   'address:<address>'               failures from one client address across usernames (password
--                                     spraying): `spent` of a budget that refills over time;
--   'unknown:<name>'                  a name that is no account, locked exactly as an account is, so
--                                     the lockout does not tell which usernames exist;
--   'admin:<address>:<name>'          an administrator's failures from one address: that address is
--                                     locked for that account, never the account itself.
-- Rows untouched for a day are deleted when the next failure is recorded.
create table login_failures (
  key text primary key,
  failures integer not null default 0,
  locked_until timestamptz,
  spent double precision not null default 0,
  updated_at timestamptz not null
);
create index login_failures_updated_at_idx on login_failures (updated_at);
