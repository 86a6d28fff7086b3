-- A display token may expire (a screen lent for an event, a contractor's monitor): after
-- expires_at it authenticates nothing and its open sockets are disconnected on the next check.
alter table display_tokens add column expires_at timestamptz;
