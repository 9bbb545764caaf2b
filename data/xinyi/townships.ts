/**
 * Xinyi (信宜市, code 440983) township-level units: the real facts the county sample is built on.
 *
 * Every fact names its source next to it (keys of SOURCES). Anything marked ESTIMATE is a
 * plausible figure chosen for the sample, not a published one.
 */

export const SOURCES = {
  /** Codes and Chinese names: National Bureau of Statistics 2022 division codes (统计用区划代码, as of 2022-10-31). */
  STATS_2022: 'National Bureau of Statistics, 统计用区划代码 2022 (as of 2022-10-31)',
  /** Pinyin: AreaCity-JsSpider-StatsGov data set (MIT), ok_data_level4.csv. */
  AREACITY: 'AreaCity-JsSpider-StatsGov ok_data_level4.csv (MIT)',
  /** Plain romanisation where no published pinyin was found. */
  ROMANISED: 'plain pinyin romanisation of the Chinese name',
  /** City seat coordinate: Wikipedia article on Xinyi (22°21′21″N 110°56′13″E), seen via the perceptiode.com mirror. */
  WIKIPEDIA_XINYI: 'Wikipedia, article Xinyi (Maoming): 22°21′21″N 110°56′13″E (perceptiode.com mirror)',
  GEONAMES_DINGBAO: 'GeoNames 1908252 Dingbao (PPLA4): 22.30175 N, 110.97425 E',
  GEONAMES_QIANPAI: 'GeoNames 1798276 Qianpai (PPLA4): 22.36457 N, 111.26114 E',
  GEONAMES_HESHUI: 'GeoNames 1808289 Heshui, Maoming (PPLA4): 22.36865 N, 111.40973 E',
  GEONAMES_XINBAO: 'GeoNames 1913599 Xinbao (PPLA4): 22.38127 N, 111.46199 E',
  GEONAMES_SIHE: 'GeoNames 1913623 Sihe (PPLA4): 22.47358 N, 111.58520 E',
  /** 2020 census (七普) figure for 金垌镇, 4.52万, ranked 9th in Xinyi. */
  CENSUS_JINDONG: 'zhdm.moneyslow.com/maoming/xinyi_jinzhen: 七普 population 4.52万 (2020)',
  /** 2020 population of 洪冠镇. */
  CENSUS_HONGGUAN: 'jttv.org.cn/jxwd/202405/416277.html: 洪冠镇 人口25821人(2020年)',
  /** A plausible figure for the sample, placed or sized to agree with neighbouring facts. */
  ESTIMATE: 'ESTIMATE (no published figure found; plausible value for the sample)',
} as const;

export type SourceKey = keyof typeof SOURCES;

export type TownshipKind = 'subdistrict' | 'town' | 'state_farm';

export interface Township {
  code: string;
  name: string;
  name_en: string;
  kind: TownshipKind;
  /** Approximate seat of the township government, [lon, lat]. */
  centre: [number, number];
  population: number;
  source: { code: SourceKey; name_en: SourceKey; centre: SourceKey; population: SourceKey };
}

/** City-level facts. */
export const XINYI = {
  code: '440983',
  name: '信宜市',
  name_en: 'Xinyi',
  /** km²; the government site gives 3,101.7 (xinyi.gov.cn via mwz.zwzzw.com); the OSM-derived outline measures 3,083.6. */
  area_km2: 3080,
  /** [west, south, east, north]; from the OSM-derived boundary (mapchina package, ODbL). */
  bbox: [110.68, 22.19, 111.68, 22.71] as [number, number, number, number],
  /** Census: 2000 = 907,978 and 2010 = 913,708 (mapchina, from the censuses); 2019 resident 1,024,500 (xinyi.gov.cn). */
  population_2010: 913708,
} as const;

const STATS = 'STATS_2022' as const;

/** All 21 units of the 2022 codes: 2 subdistricts, 18 towns, 1 state farm. */
export const XINYI_TOWNSHIPS: readonly Township[] = [
  { code: '440983001', name: '东镇街道', name_en: 'Dongzhen', kind: 'subdistrict', centre: [110.9369, 22.3558], population: 185000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'WIKIPEDIA_XINYI', population: 'ESTIMATE' } },
  { code: '440983002', name: '玉都街道', name_en: 'Yudu', kind: 'subdistrict', centre: [110.968, 22.392], population: 80000,
    source: { code: STATS, name_en: 'ROMANISED', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983101', name: '镇隆镇', name_en: 'Zhenlong', kind: 'town', centre: [110.872, 22.302], population: 65000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983102', name: '水口镇', name_en: 'Shuikou', kind: 'town', centre: [110.912, 22.232], population: 60000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983105', name: '丁堡镇', name_en: 'Dingbao', kind: 'town', centre: [110.97425, 22.30175], population: 40000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'GEONAMES_DINGBAO', population: 'ESTIMATE' } },
  { code: '440983106', name: '池洞镇', name_en: 'Chidong', kind: 'town', centre: [110.862, 22.398], population: 55000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983112', name: '贵子镇', name_en: 'Guizi', kind: 'town', centre: [110.982, 22.655], population: 28000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983113', name: '怀乡镇', name_en: 'Huaixiang', kind: 'town', centre: [110.992, 22.52], population: 45000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983114', name: '茶山镇', name_en: 'Chashan', kind: 'town', centre: [111.085, 22.615], population: 20000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983115', name: '洪冠镇', name_en: 'Hongguan', kind: 'town', centre: [111.11, 22.515], population: 25821,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'CENSUS_HONGGUAN' } },
  { code: '440983116', name: '白石镇', name_en: 'Baishi', kind: 'town', centre: [111.075, 22.42], population: 32000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983117', name: '大成镇', name_en: 'Dacheng', kind: 'town', centre: [111.17, 22.265], population: 30000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983118', name: '钱排镇', name_en: 'Qianpai', kind: 'town', centre: [111.26114, 22.36457], population: 45000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'GEONAMES_QIANPAI', population: 'ESTIMATE' } },
  { code: '440983119', name: '合水镇', name_en: 'Heshui', kind: 'town', centre: [111.40973, 22.36865], population: 30000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'GEONAMES_HESHUI', population: 'ESTIMATE' } },
  { code: '440983120', name: '新宝镇', name_en: 'Xinbao', kind: 'town', centre: [111.46199, 22.38127], population: 22000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'GEONAMES_XINBAO', population: 'ESTIMATE' } },
  { code: '440983121', name: '平塘镇', name_en: 'Pingtang', kind: 'town', centre: [111.36, 22.575], population: 28000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983122', name: '思贺镇', name_en: 'Sihe', kind: 'town', centre: [111.5852, 22.47358], population: 28000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'GEONAMES_SIHE', population: 'ESTIMATE' } },
  { code: '440983123', name: '金垌镇', name_en: 'Jindong', kind: 'town', centre: [110.742, 22.498], population: 45200,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'CENSUS_JINDONG' } },
  { code: '440983124', name: '朱砂镇', name_en: 'Zhusha', kind: 'town', centre: [110.842, 22.565], population: 40000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983125', name: '北界镇', name_en: 'Beijie', kind: 'town', centre: [110.772, 22.405], population: 45000,
    source: { code: STATS, name_en: 'AREACITY', centre: 'ESTIMATE', population: 'ESTIMATE' } },
  { code: '440983400', name: '信宜市国营红旗农场', name_en: 'Hongqi State Farm', kind: 'state_farm', centre: [111.045, 22.285], population: 3000,
    source: { code: STATS, name_en: 'ROMANISED', centre: 'ESTIMATE', population: 'ESTIMATE' } },
];
