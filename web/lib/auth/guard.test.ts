import { describe, expect, it } from 'vitest';
import { isDisplayTokenWall, isPublicPage, loginPathFor, safeNextPath, wallScopeOf } from './guard.ts';

const url = (path: string) => new URL(path, 'http://touchstone.test');

describe('isPublicPage', () => {
  it('lets anyone open the login page', () => {
    expect(isPublicPage(url('/login?next=%2Fchat'))).toBe(true);
  });

  it('lets a wall with a display token open without a session', () => {
    expect(isPublicPage(url('/wall?token=abc'))).toBe(true);
    expect(isDisplayTokenWall(url('/wall?token=abc'))).toBe(true);
  });

  it('lets a scoped wall with a display token open without a session', () => {
    expect(isPublicPage(url('/wall/region/EAST?token=abc'))).toBe(true);
    expect(isPublicPage(url('/wall/branch/BJ0101?token=abc'))).toBe(true);
  });

  it('does not treat other paths under /wall as walls', () => {
    expect(isPublicPage(url('/wall/admin?token=abc'))).toBe(false);
    expect(isPublicPage(url('/wall/region/EAST/x?token=abc'))).toBe(false);
  });

  it('requires a session for a wall without a token or with an empty one', () => {
    expect(isPublicPage(url('/wall'))).toBe(false);
    expect(isPublicPage(url('/wall?token='))).toBe(false);
  });

  it('requires a session for every other page', () => {
    for (const path of ['/', '/chat', '/admin/users', '/account', '/loginx', '/login/extra']) expect(isPublicPage(url(path)), path).toBe(false);
  });
});

describe('loginPathFor', () => {
  it('carries the path and query of the page to come back to', () => {
    expect(loginPathFor(url('/chat?staff=S1'))).toBe('/login?next=%2Fchat%3Fstaff%3DS1');
  });

  it('leaves next out for the home page', () => {
    expect(loginPathFor(url('/'))).toBe('/login');
  });
});

describe('safeNextPath', () => {
  it('returns a path on this site as given', () => {
    expect(safeNextPath('/admin/users?x=1#top')).toBe('/admin/users?x=1#top');
  });

  it('falls back to home when next is missing', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('')).toBe('/');
  });

  it('refuses anything that could leave the origin', () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/\tevil', 'evil']) {
      expect(safeNextPath(next), next).toBe('/');
    }
  });

  it('refuses going back to the login page', () => {
    expect(safeNextPath('/login?next=%2F')).toBe('/');
  });
});

describe('wallScopeOf', () => {
  it('reads a region or branch wall’s scope from its path', () => {
    expect(wallScopeOf('region/EAST')).toBe('region:EAST');
    expect(wallScopeOf('branch/BJ0101')).toBe('branch:BJ0101');
  });

  it('shows the bank on the bare wall without a session', () => {
    expect(wallScopeOf('')).toBe('bank');
  });

  it('shows the caller’s own scope on the bare wall', () => {
    expect(wallScopeOf('', 'region:EAST')).toBe('region:EAST');
    expect(wallScopeOf('branch/BJ0101', 'region:EAST')).toBe('branch:BJ0101');
  });
});
