-- The service index 服务指数 weights (issues #11, #12; ADR 0022): one row, edited by an
-- administrator; components missing from `weights` take their default (kpi.rules.ts). The one
-- place for every weight: care completion's weight moves here from the care settings.
create table service_index_weights (
  id boolean primary key default true,
  weights jsonb not null,
  updated_at timestamptz not null,
  updated_by text not null,
  constraint service_index_weights_single check (id)
);

-- The care settings stored care's weight as a share (0–1) beside the other weights' 100 points:
-- 0.1 meant 10 points, so it becomes `careCompletionRate` = share × 100.
insert into service_index_weights (id, weights, updated_at, updated_by)
select true, jsonb_build_object('careCompletionRate', round((settings ->> 'indexWeight')::numeric * 100, 2)), updated_at, updated_by
from care_settings
where id and settings ? 'indexWeight' and jsonb_typeof(settings -> 'indexWeight') = 'number';

update care_settings set settings = settings - 'indexWeight' where settings ? 'indexWeight';
