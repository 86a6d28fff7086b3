import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Enforces the import boundaries of STYLE.md B2 by reading every source file's import
 * specifiers. A violation names the file, the import and the rule it breaks.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SOURCE = /\.(ts|svelte|js)$/;

function listSources(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

function importsOf(file: string, options: { runtimeOnly?: boolean } = {}): string[] {
  let text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  if (options.runtimeOnly) text = text.replace(/^\s*(?:import|export)\s+type\s[^;]*;/gm, '');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)];
  return specifiers.map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean);
}

/** The repo-relative target of a relative import, or the alias/package name as written. */
function resolveTarget(file: string, specifier: string): string {
  if (specifier === '$contract') return 'server/contract/index.ts';
  if (specifier.startsWith('$contract/')) return specifier.replace('$contract', 'server/contract');
  if (!specifier.startsWith('.')) return specifier;
  return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
}

/** Every cycle in a dependency graph, each once, as `a → b → a`. */
function domainCycles(edges: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of edges.get(at) ?? []) {
      if (next === start) found.add([...trail, start].join(' → '));
      else if (!trail.includes(next) && next > start) walk(start, next, [...trail, next]);
    }
  };
  for (const start of edges.keys()) walk(start, start, [start]);
  return [...found].sort();
}

const isTest = (file: string) => /\.(test|spec)\.ts$/.test(file);
const domainOf = (file: string) => /^server\/domains\/([^/]+)\//.exec(file)?.[1];

interface Rule {
  name: string;
  applies(file: string): boolean;
  forbids(target: string, file: string): boolean;
}

const RULES: Rule[] = [
  { name: 'server/contract imports only zod and itself', applies: (f) => f.startsWith('server/contract/'),
    forbids: (t) => !(t === 'zod' || t.startsWith('server/contract/')) },
  { name: 'db imports only postgres, pglite and node built-ins', applies: (f) => f.startsWith('db/'),
    forbids: (t) => /^(server|bot|web)\//.test(t) },
  { name: 'server/platform is domain-free', applies: (f) => f.startsWith('server/platform/'),
    forbids: (t) => /^(server\/(domains|realtime|http|jobs|contract)|bot|db)\//.test(t) },
  { name: 'a domain uses another domain only through its index.ts', applies: (f) => f.startsWith('server/domains/'),
    forbids: (t, f) => t.startsWith('server/domains/') && domainOf(t) !== domainOf(f) && !/^server\/domains\/[^/]+\/index(\.ts)?$/.test(t) },
  { name: 'domains do not import contract, realtime, http, jobs, bot or Socket.IO', applies: (f) => f.startsWith('server/domains/'),
    forbids: (t, f) => /^(server\/(realtime|http|jobs|contract)|bot)\//.test(t) && !(f.endsWith('.routes.ts') && t.startsWith('server/contract/'))
      || t === 'socket.io' },
  { name: 'only *.routes.ts in a domain imports Express', applies: (f) => f.startsWith('server/domains/') && !f.endsWith('.routes.ts'),
    forbids: (t) => t === 'express' },
  { name: 'realtime does not touch the database or the bot', applies: (f) => f.startsWith('server/realtime/'),
    forbids: (t) => /^(db|bot)\//.test(t) || t === 'postgres' || /^server\/domains\/[^/]+\/(?!index).+/.test(t) },
  { name: 'http reaches domains only through their index.ts, never the database', applies: (f) => f.startsWith('server/http/'),
    forbids: (t) => /^(db|bot)\//.test(t) || t === 'postgres' || /^server\/domains\/[^/]+\/(?!index).+/.test(t) },
  { name: 'jobs reach domains only through their index.ts and never Socket.IO', applies: (f) => f.startsWith('server/jobs/'),
    forbids: (t) => t === 'socket.io' || /^server\/domains\/[^/]+\/(?!index).+/.test(t) || /^(server\/realtime|bot)\//.test(t) },
  { name: 'the bot imports neither the database nor server code (only $contract)', applies: (f) => f.startsWith('bot/'),
    forbids: (t) => /^db\//.test(t) || (t.startsWith('server/') && !t.startsWith('server/contract/')) || t === 'postgres' },
  { name: 'only bot/channel/feishu imports the Feishu SDK', applies: (f) => !f.startsWith('bot/channel/feishu/'),
    forbids: (t) => t.startsWith('@larksuiteoapi/') },
  { name: 'web imports only $contract and its own $lib', applies: (f) => f.startsWith('web/'),
    forbids: (t) => /^(db|bot)\//.test(t) || (t.startsWith('server/') && !t.startsWith('server/contract/')) },
];

const FILES = ['server', 'bot', 'db', 'web'].flatMap(listSources).filter((f) => !isTest(f));

describe('import boundaries (STYLE.md B2)', () => {
  it('finds the source files it checks', () => {
    expect(FILES.length).toBeGreaterThan(40);
    expect(FILES).toContain('server/main.ts');
  });

  for (const rule of RULES) {
    it(rule.name, () => {
      const violations = FILES.filter(rule.applies).flatMap((file) =>
        importsOf(file).map((s) => ({ s, t: resolveTarget(file, s) })).filter(({ t }) => rule.forbids(t, file)).map(({ s }) => `${file} imports ${s}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('reads process.env only in server/config.ts', () => {
    const readers = FILES.filter((f) => f !== 'server/config.ts' && fs.readFileSync(path.join(ROOT, f), 'utf8').includes('process.env'));
    expect(readers).toEqual([]);
  });

  it('uses sql.unsafe only in the migration runner', () => {
    const users = FILES.filter((f) => f !== 'db/migrate.ts' && /\.unsafe\(/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(users).toEqual([]);
  });

  it('domains depend on each other without a cycle (type-only imports aside: they vanish at run time)', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of FILES.filter((f) => f.startsWith('server/domains/'))) {
      for (const s of importsOf(file, { runtimeOnly: true })) {
        const from = domainOf(file)!;
        const to = domainOf(resolveTarget(file, s));
        if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    expect(domainCycles(edges)).toEqual([]);
    expect(domainCycles(new Map([['a', new Set(['b'])], ['b', new Set(['a'])]]))).toEqual(['a → b → a']);
  });

  it('catches a violation when one is present (the checker is not blind)', () => {
    const rule = RULES.find((r) => r.name.startsWith('the bot'))!;
    expect(rule.forbids(resolveTarget('bot/x.ts', '../db/client.ts'), 'bot/x.ts')).toBe(true);
    expect(importsOf('server/main.ts')).toContain('../db/client.ts');
  });
});
