/**
 * Downloads, likes and trending score of a model on a given day. Everything is a function of the
 * model's age in whole days, so values move only when the clock's day changes, and:
 *  - downloadsAllTime is non-decreasing in the day (F below is increasing),
 *  - downloads (rolling 30 days) = allTime(day) - allTime(day - 30), exactly,
 *  - likes are non-decreasing; trendingScore = likes gained over the last 7 days plus a small
 *    share of the week's downloads (a small integer for almost every repo).
 */
import { DAY_MS } from "./clock";
import type { Profile } from "./profile";

/** Downloads saturate slowly after the launch burst: a long tail over this many days. */
const TAIL_DAYS = 1000;

/** Age in days on `dayStartMs` of a repo created at `createdMs` (1 on its creation day, 0 before). */
export function ageDays(createdMs: number, dayStartMs: number): number {
  const a = Math.floor(dayStartMs / DAY_MS) - Math.floor(createdMs / DAY_MS) + 1;
  return a > 0 ? a : 0;
}

export function allTimeAt(p: Profile, age: number): number {
  if (age <= 0) return 0;
  // A test's constant rate: downloads per day are the same whatever the crawl cadence.
  if (p.pop.rate !== undefined) return p.pop.rate * age;
  if (p.pop.R === 0) return 0;
  const { R, w, tau } = p.pop;
  const f = w * (1 - Math.exp(-age / tau)) + (1 - w) * (age / (age + TAIL_DAYS));
  return Math.floor(R * f);
}

export function likesAt(p: Profile, age: number): number {
  if (age <= 0 || p.pop.likesMax === 0) return 0;
  return Math.floor(p.pop.likesMax * (1 - Math.exp(-age / p.pop.tauLikes)));
}

export interface Popularity {
  downloads: number;
  downloadsAllTime: number;
  likes: number;
  trendingScore: number;
  /** Likes gained over the last 30 days (the `likes30d` sort key). */
  likes30d: number;
}

export function popularityAt(p: Profile, createdMs: number, dayStartMs: number): Popularity {
  const a = ageDays(createdMs, dayStartMs);
  const all = allTimeAt(p, a);
  const likes = likesAt(p, a);
  const week = all - allTimeAt(p, a - 7);
  return {
    downloads: all - allTimeAt(p, a - 30),
    downloadsAllTime: all,
    likes,
    trendingScore: likes - likesAt(p, a - 7) + Math.floor(week / 20_000),
    likes30d: likes - likesAt(p, a - 30),
  };
}
