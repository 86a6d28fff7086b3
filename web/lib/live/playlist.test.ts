import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_SECONDS, parsePlaylist, playlistScopes } from './playlist.ts';

const params = (query: string) => new URLSearchParams(query);

describe('parsePlaylist', () => {
  it('has no playlist without the parameter', () => {
    expect(parsePlaylist(params('token=abc'))).toBeUndefined();
    expect(parsePlaylist(params('playlist='))).toBeUndefined();
  });

  it('reads the child-unit rotation with its interval', () => {
    expect(parsePlaylist(params('playlist=children&interval=30&token=abc'))).toEqual({ source: 'children', scopes: [], intervalMs: 30_000 });
  });

  it('reads an explicit list, keeping valid scopes once each, in order', () => {
    expect(parsePlaylist(params('playlist=region:BJ,region:SH,bank,region:BJ,nonsense,branch:BJ0101&interval=20'))).toEqual({
      source: 'list', scopes: ['region:BJ', 'region:SH', 'bank', 'branch:BJ0101'], intervalMs: 20_000,
    });
  });

  it('has no playlist when the list names nothing valid', () => {
    expect(parsePlaylist(params('playlist=nonsense,region:'))).toBeUndefined();
  });

  it('defaults the interval and keeps it between 2 s and an hour', () => {
    expect(parsePlaylist(params('playlist=children'))?.intervalMs).toBe(DEFAULT_INTERVAL_SECONDS * 1000);
    expect(parsePlaylist(params('playlist=children&interval=abc'))?.intervalMs).toBe(DEFAULT_INTERVAL_SECONDS * 1000);
    expect(parsePlaylist(params('playlist=children&interval=1'))?.intervalMs).toBe(2_000);
    expect(parsePlaylist(params('playlist=children&interval=2'))?.intervalMs).toBe(2_000);
    expect(parsePlaylist(params('playlist=children&interval=99999'))?.intervalMs).toBe(3_600_000);
  });
});

describe('playlistScopes', () => {
  it('puts the scope itself first, then its child units in code order', () => {
    const spec = parsePlaylist(params('playlist=children'))!;
    expect(playlistScopes(spec, 'bank', ['region:SH', 'region:BJ', 'region:GZ'])).toEqual(['bank', 'region:BJ', 'region:GZ', 'region:SH']);
  });

  it('is the scope alone before its child units are known, or for a branch (which ranks only itself)', () => {
    const spec = parsePlaylist(params('playlist=children'))!;
    expect(playlistScopes(spec, 'region:BJ', [])).toEqual(['region:BJ']);
    expect(playlistScopes(spec, 'branch:BJ0101', ['branch:BJ0101'])).toEqual(['branch:BJ0101']);
  });

  it('is the list named, whatever the scope', () => {
    const spec = parsePlaylist(params('playlist=region:BJ,bank'))!;
    expect(playlistScopes(spec, 'region:SH', ['branch:SH0101'])).toEqual(['region:BJ', 'bank']);
  });
});
