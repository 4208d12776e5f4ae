// The map panel of incident and warning pages: incident points, warning polygons and circles as SVG vector shapes
// in their warning colour. Base-map tiles are drawn only when the host sets a tile URL template (config.tileUrl), so
// by default nothing is fetched from outside. A list under the map says in words what it shows.
import { config } from '../config.ts';
import { t, label } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import type { WarningArea, WarningLevel } from '../api/types.ts';
import { COLOUR } from '../ui/Badge.tsx';
import { boundsOf, fitZoom, kmToPx, project, tilesFor, tileUrl, type LatLng } from './projection.ts';

const W = 640;
const H = 360;
const PAD = 40;

export interface MapPoint extends LatLng {
  label: string;
}
export interface MapWarning {
  level: WarningLevel;
  area: WarningArea;
  label: string;
}

export function MapPanel({ points = [], warnings = [], title }: { points?: MapPoint[]; warnings?: MapWarning[]; title: string }) {
  const { tileUrl: template, tileAttribution } = useStore(config);
  const polygons = warnings.filter((w) => w.area.polygon && w.area.polygon.length >= 3);
  const circles = warnings.filter((w) => w.area.circle);
  const bounds = boundsOf(
    [...points, ...polygons.flatMap((w) => w.area.polygon!.map(([lat, lng]) => ({ lat, lng })))],
    circles.map((w) => w.area.circle!),
  );
  const described = [
    ...points.map((p) => t('map.point', { label: p.label, lat: p.lat.toFixed(4), lng: p.lng.toFixed(4) })),
    ...polygons.map((w) => t('map.polygon', { label: w.label, colour: label('colour', COLOUR[w.level]), n: w.area.polygon!.length - 1 })),
    ...circles.map((w) => t('map.circle', { label: w.label, colour: label('colour', COLOUR[w.level]), km: w.area.circle!.radiusKm })),
  ];
  if (!bounds) {
    return (
      <section class="map-panel" aria-label={title}>
        <p class="empty">{t('map.nothing')}</p>
      </section>
    );
  }
  const z = fitZoom(bounds, W - 2 * PAD, H - 2 * PAD);
  const sw = project({ lat: bounds.south, lng: bounds.west }, z);
  const ne = project({ lat: bounds.north, lng: bounds.east }, z);
  const cx = (sw.x + ne.x) / 2;
  const cy = (sw.y + ne.y) / 2;
  const view = { x: cx - W / 2, y: cy - H / 2, width: W, height: H };
  const at = (p: LatLng) => {
    const q = project(p, z);
    return { x: q.x - view.x, y: q.y - view.y };
  };
  const grid = 64;
  return (
    <section class="map-panel" aria-label={title}>
      <svg class="map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${described.join('; ')}`}>
        <rect class="map-bg" x="0" y="0" width={W} height={H} />
        {template
          ? tilesFor(view, z).map((tile) => (
              <image key={`${tile.px}:${tile.py}`} href={tileUrl(template, tile)} x={tile.px - view.x} y={tile.py - view.y} width="256" height="256" />
            ))
          : Array.from({ length: Math.ceil(W / grid) + 1 }, (_, i) => (
              <g key={i}>
                <line class="map-grid" x1={i * grid} y1="0" x2={i * grid} y2={H} />
                <line class="map-grid" x1="0" y1={i * grid} x2={W} y2={i * grid} />
              </g>
            ))}
        {polygons.map((w, i) => (
          <polygon
            key={`p${i}`}
            class={`map-shape warn-${w.level}`}
            points={w.area.polygon!.map(([lat, lng]) => {
              const q = at({ lat, lng });
              return `${q.x.toFixed(1)},${q.y.toFixed(1)}`;
            }).join(' ')}
          />
        ))}
        {circles.map((w, i) => {
          const c = w.area.circle!;
          const q = at(c);
          return <circle key={`c${i}`} class={`map-shape warn-${w.level}`} cx={q.x.toFixed(1)} cy={q.y.toFixed(1)} r={Math.max(2, kmToPx(c.radiusKm, c.lat, z)).toFixed(1)} />;
        })}
        {points.map((p, i) => {
          const q = at(p);
          return (
            <g key={`m${i}`} class="map-point">
              <circle cx={q.x.toFixed(1)} cy={q.y.toFixed(1)} r="7" />
              <circle class="map-point-dot" cx={q.x.toFixed(1)} cy={q.y.toFixed(1)} r="2.5" />
            </g>
          );
        })}
      </svg>
      <ul class="map-legend">
        {described.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
      {template && tileAttribution && <p class="muted small">{tileAttribution}</p>}
    </section>
  );
}
