import { describe, expect, it } from 'vitest';
import { crsByName, toWgs84, WGS84 } from '../../../server/import/crs.ts';
import { crsFromWkt } from '../../../server/import/crs-wkt.ts';
import { guessCrs } from '../../../server/import/crs-guess.ts';

const ESRI_GK_111 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_111E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const ESRI_GK_ZONE_37 = ESRI_GK_111.replace('CM_111E', 'Zone_37').replace('"False_Easting",500000.0', '"False_Easting",37500000.0');
const OGC_WITH_AUTHORITY =
  'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 111E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",111],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","4546"]]';
const XIAN_1980 =
  'PROJCS["Xian_1980_3_Degree_GK_CM_111E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],UNIT["Meter",1.0]]';

describe('crsByName', () => {
  it('reads the codes and names people and files use', () => {
    expect(crsByName('EPSG:4546')?.id).toBe('EPSG:4546');
    expect(crsByName('4525')?.id).toBe('EPSG:4525');
    expect(crsByName('urn:ogc:def:crs:EPSG::3857')?.id).toBe('EPSG:3857');
    expect(crsByName('http://www.opengis.net/def/crs/EPSG/0/4490')?.id).toBe('EPSG:4490');
    expect(crsByName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(WGS84);
    expect(crsByName('GCJ-02')?.id).toBe('GCJ-02');
    expect(crsByName('bd09')?.id).toBe('BD-09');
    expect(crsByName('CGCS2000')?.id).toBe('EPSG:4490');
  });

  it('knows 111°E as EPSG:4525 (zone 37, prefixed eastings) and EPSG:4546 (no prefix); 4526 and 4545 are 114°E and 108°E', () => {
    expect(crsByName('EPSG:4525')?.label).toMatch(/central meridian 111°E, zone 37/);
    expect(crsByName('EPSG:4546')?.label).toMatch(/central meridian 111°E, eastings without zone prefix/);
    expect(crsByName('EPSG:4526')?.label).toMatch(/central meridian 114°E/);
    expect(crsByName('EPSG:4545')?.label).toMatch(/central meridian 108°E/);
  });

  it('is undefined for systems it does not convert', () => {
    expect(crsByName('EPSG:2383')).toBeUndefined();
    expect(crsByName('EPSG:4555')).toBeUndefined();
    expect(crsByName('mars-2')).toBeUndefined();
  });
});

describe('toWgs84', () => {
  it('converts Gauss–Krüger 111°E to the positions PROJ gives (cs2cs EPSG:4546 → EPSG:4326)', () => {
    // cs2cs -d 10 EPSG:4546 EPSG:4326 <<< "2473000 494000" → 22.3539909384 110.9417497901
    const [lon, lat] = toWgs84(crsByName('EPSG:4546')!)(494_000, 2_473_000);
    expect(lon).toBeCloseTo(110.9417497901, 9);
    expect(lat).toBeCloseTo(22.3539909384, 9);
    const [lon37, lat37] = toWgs84(crsByName('EPSG:4525')!)(37_494_000, 2_473_000);
    expect([lon37, lat37]).toEqual([lon, lat]);
  });

  it('undoes the GCJ-02 offset to within a few millimetres', () => {
    // 110.9412, 22.3546 (WGS84) shows on Chinese web maps at 110.945788313, 22.351570866.
    const [lon, lat] = toWgs84(crsByName('gcj02')!)(110.94578831347546, 22.351570865888625);
    expect(Math.abs(lon - 110.9412) * 103_000).toBeLessThan(0.01);
    expect(Math.abs(lat - 22.3546) * 111_000).toBeLessThan(0.01);
  });
});

describe('crsFromWkt', () => {
  it('identifies ESRI .prj texts by datum and projection parameters', () => {
    expect(crsFromWkt(ESRI_GK_111)).toMatchObject({ ok: true, crs: { id: 'EPSG:4546' } });
    expect(crsFromWkt(ESRI_GK_ZONE_37)).toMatchObject({ ok: true, crs: { id: 'EPSG:4525' } });
    expect(crsFromWkt('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')).toMatchObject({ ok: true, crs: { id: 'EPSG:4490' } });
    expect(crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')).toMatchObject({ ok: true, crs: WGS84 });
  });

  it('takes the outermost EPSG authority when there is one', () => {
    expect(crsFromWkt(OGC_WITH_AUTHORITY)).toMatchObject({ ok: true, crs: { id: 'EPSG:4546' } });
  });

  it('refuses Xian 1980 and Beijing 1954, which need a datum shift it does not have', () => {
    const r = crsFromWkt(XIAN_1980);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/D_Xian_1980.*convert it to CGCS2000/);
  });
});

describe('guessCrs', () => {
  it('tells degrees, zone-prefixed Gauss–Krüger and Web Mercator apart', () => {
    expect(guessCrs(110.94, 22.35)).toMatchObject({ ok: true, crs: { id: 'EPSG:4326' } });
    expect(guessCrs(37_494_000, 2_473_000)).toMatchObject({ ok: true, crs: { id: 'EPSG:4525' }, why: 'the eastings start with zone number 37' });
    expect(guessCrs(38_494_000, 2_473_000)).toMatchObject({ ok: true, crs: { id: 'EPSG:4526' } });
    expect(guessCrs(12_350_000, 2_555_000)).toMatchObject({ ok: true, crs: { id: 'EPSG:3857' } });
  });

  it('asks for the crs when eastings carry no zone number', () => {
    const g = guessCrs(494_000, 2_473_000);
    expect(g.ok).toBe(false);
    expect(!g.ok && g.reason).toMatch(/EPSG:4546/);
  });
});
