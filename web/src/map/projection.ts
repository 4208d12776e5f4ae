// Web Mercator for the map panel: lat/lng to pixels at a zoom level, the zoom that fits a set of shapes in the panel,
// and the base-map tiles that cover it. Pure (unit-tested); no geometry ships with the console.

export interface LatLng {
  lat: number;
  lng: number;
}

const TILE = 256;
const MAX_LAT = 85.05112878;
/** Metres per pixel at the equator at zoom 0. */
const EQUATOR_M_PER_PX = 156_543.033_92;

/** World pixel coordinates at zoom z. */
export function project(p: LatLng, z: number): { x: number; y: number } {
  const scale = TILE * 2 ** z;
  const lat = Math.max(-MAX_LAT, Math.min(MAX_LAT, p.lat));
  const s = Math.sin((lat * Math.PI) / 180);
  return { x: ((p.lng + 180) / 360) * scale, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale };
}

/** A radius on the ground, in pixels at zoom z around a latitude. */
export function kmToPx(km: number, lat: number, z: number): number {
  return (km * 1000) / ((EQUATOR_M_PER_PX * Math.cos((lat * Math.PI) / 180)) / 2 ** z);
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** The bounds of points and circles (a circle counts by its north-south and east-west extent). */
export function boundsOf(points: LatLng[], circles: (LatLng & { radiusKm: number })[]): Bounds | undefined {
  const all: LatLng[] = [...points];
  for (const c of circles) {
    const dLat = c.radiusKm / 111.32;
    const dLng = c.radiusKm / (111.32 * Math.max(0.01, Math.cos((c.lat * Math.PI) / 180)));
    all.push({ lat: c.lat - dLat, lng: c.lng - dLng }, { lat: c.lat + dLat, lng: c.lng + dLng });
  }
  if (all.length === 0) return undefined;
  return {
    south: Math.min(...all.map((p) => p.lat)),
    north: Math.max(...all.map((p) => p.lat)),
    west: Math.min(...all.map((p) => p.lng)),
    east: Math.max(...all.map((p) => p.lng)),
  };
}

/** The highest zoom (up to maxZoom) at which the bounds fit in width x height pixels. */
export function fitZoom(b: Bounds, width: number, height: number, maxZoom = 15): number {
  for (let z = maxZoom; z > 0; z--) {
    const sw = project({ lat: b.south, lng: b.west }, z);
    const ne = project({ lat: b.north, lng: b.east }, z);
    if (Math.abs(ne.x - sw.x) <= width && Math.abs(sw.y - ne.y) <= height) return z;
  }
  return 0;
}

/** Tiles (x, y at zoom z) covering a pixel window, with where each is drawn. */
export function tilesFor(view: { x: number; y: number; width: number; height: number }, z: number): { x: number; y: number; z: number; px: number; py: number }[] {
  const n = 2 ** z;
  const out: { x: number; y: number; z: number; px: number; py: number }[] = [];
  for (let tx = Math.floor(view.x / TILE); tx <= Math.floor((view.x + view.width) / TILE); tx++) {
    for (let ty = Math.max(0, Math.floor(view.y / TILE)); ty <= Math.min(n - 1, Math.floor((view.y + view.height) / TILE)); ty++) {
      out.push({ x: ((tx % n) + n) % n, y: ty, z, px: tx * TILE, py: ty * TILE });
    }
  }
  return out;
}

/** Fills `{z}`, `{x}`, `{y}` (and `{s}` with a subdomain 0-3 spread by tile) of a tile URL template. */
export function tileUrl(template: string, t: { x: number; y: number; z: number }): string {
  return template
    .replace('{z}', String(t.z))
    .replace('{x}', String(t.x))
    .replace('{y}', String(t.y))
    .replace('{s}', String((t.x + t.y) % 4));
}
