-- Organisation: regions (总行 → 分行 → 支行) as a tree, branches (网点, the KPI unit) and staff.

create table regions (
  id bigint generated always as identity primary key,
  code text not null,
  name text not null,
  name_en text,
  kind text not null,
  parent_id bigint references regions (id) on delete restrict,
  -- Ids from the root down to this region itself; kept by the import service so subtree
  -- queries ("every branch under 华东分行") are one indexed array test, not a recursive walk.
  ancestor_ids bigint[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint regions_code_key unique (code),
  constraint regions_kind_check check (kind in ('head_office', 'branch_office', 'sub_branch')),
  constraint regions_root_check check ((kind = 'head_office') = (parent_id is null))
);
create index regions_parent_id_idx on regions (parent_id);
create index regions_ancestor_ids_idx on regions using gin (ancestor_ids);

create table branches (
  id bigint generated always as identity primary key,
  code text not null,
  name text not null,
  region_id bigint not null references regions (id) on delete restrict,
  address text,
  head_staff_id bigint,
  feishu_chat_id text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint branches_code_key unique (code)
);
create index branches_region_id_idx on branches (region_id);

create table staff (
  id bigint generated always as identity primary key,
  code text not null,
  name text not null,
  role text not null,
  branch_id bigint references branches (id) on delete restrict,
  region_id bigint references regions (id) on delete restrict,
  feishu_open_id text,
  feishu_user_id text,
  mobile text,
  email text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint staff_code_key unique (code),
  constraint staff_feishu_open_id_key unique (feishu_open_id),
  constraint staff_feishu_user_id_key unique (feishu_user_id),
  constraint staff_role_check check (role in (
    'leader', 'region_manager', 'inspector', 'complaint_handler',
    'branch_head', 'deputy_head', 'lobby_manager', 'account_manager', 'teller', 'staff')),
  -- Everyone belongs somewhere: an outlet, or a region office (head office, 分行, 支行).
  constraint staff_unit_check check (branch_id is not null or region_id is not null)
);
create index staff_branch_id_idx on staff (branch_id);
create index staff_region_id_idx on staff (region_id);
create index staff_mobile_idx on staff (mobile);
create index staff_email_idx on staff (lower(email));

alter table branches
  add constraint branches_head_staff_id_fkey foreign key (head_staff_id) references staff (id) on delete set null;
