/** The coordinate reference systems the features API names, by their URIs. */

/** WGS 84 longitude first: what GeoJSON and the tables hold. */
export const CRS84 = ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'urn:ogc:def:crs:OGC:1.3:CRS84'];
/** WGS 84 as the EPSG defines it: latitude first. */
export const EPSG_4326 = ['http://www.opengis.net/def/crs/EPSG/0/4326', 'urn:ogc:def:crs:EPSG::4326', 'EPSG:4326'];
