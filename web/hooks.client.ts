import { z } from 'zod';

// Zod compiles a fast path for object schemas with `new Function` (it first probes whether eval
// is allowed, which the page's Content-Security-Policy reports as a violation). The browser
// parses few payloads: no compiled path, no eval, nothing for the policy to refuse. This module
// is evaluated before any route (and so before the contract's schemas are built).
z.config({ jitless: true });
