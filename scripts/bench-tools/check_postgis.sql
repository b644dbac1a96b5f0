-- The check rules of `gridmap check` that scripts/bench compares, in PostGIS SQL. Run by psql
-- in the output directory after ogr2ogr loaded community, cell, building and issue (GiST indexes made
-- by ogr2ogr). Writes the normalised CSV files that scripts/bench-tools/results.py compares.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
ALTER TABLE building ADD COLUMN IF NOT EXISTS party_group text;
ALTER TABLE building ADD COLUMN IF NOT EXISTS kind text;
ANALYZE community; ANALYZE cell; ANALYZE building; ANALYZE issue;

-- Building -> cell: largest ST_Area(ST_Intersection), ties to the lowest code.
CREATE TEMP TABLE building_cell AS
SELECT b.id, x.code AS cell
FROM building b
LEFT JOIN LATERAL (
  SELECT c.code, ST_Area(ST_Intersection(b.geom, c.geom)) AS a
  FROM cell c WHERE ST_Intersects(b.geom, c.geom)
  ORDER BY 2 DESC, 1 LIMIT 1) x ON x.a > 0;

-- Issue -> cell: the lowest code among the cells covering the point.
CREATE TEMP TABLE issue_cell AS
SELECT i.id, (SELECT c.code FROM cell c WHERE ST_Covers(c.geom, i.geom) ORDER BY c.code LIMIT 1)
       AS cell
FROM issue i;

-- Cell -> community by largest overlap (as on import), then gaps: community minus the union of
-- its cells, each polygon over 1 m2.
CREATE TEMP TABLE cell_community AS
SELECT c.code, (SELECT m.code FROM community m WHERE ST_Intersects(m.geom, c.geom)
                ORDER BY ST_Area(ST_Intersection(m.geom, c.geom)) DESC, m.code LIMIT 1) AS community,
       c.geom
FROM cell c;
CREATE TEMP TABLE gaps AS
SELECT community, ST_Area(geom) AS area FROM (
  SELECT m.code AS community,
         (ST_Dump(ST_CollectionExtract(ST_Difference(m.geom,
            COALESCE((SELECT ST_Union(cc.geom) FROM cell_community cc WHERE cc.community = m.code),
                     'POLYGON EMPTY'::geometry)), 3))).geom
  FROM community m) d
WHERE ST_Area(geom) > 1;

-- Overlaps: pairs of cells whose interiors meet, intersection over 1 m2.
CREATE TEMP TABLE cell_overlaps AS
SELECT a.code AS cell_a, b.code AS cell_b,
       ST_Area(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3)) AS area
FROM cell a JOIN cell b ON a.code < b.code AND ST_Intersects(a.geom, b.geom)
WHERE NOT ST_Touches(a.geom, b.geom)
  AND ST_Area(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3)) > 1;

-- Residential buildings (kind empty, residential or 住宅: all of the city and of OSM) without a
-- party group.
CREATE TEMP TABLE no_party_group AS
SELECT id FROM building
WHERE COALESCE(kind, '') IN ('', 'residential', '住宅') AND COALESCE(party_group, '') = '';

\copy (SELECT id, COALESCE(cell, '') FROM building_cell ORDER BY id) TO 'building_cell.csv' CSV
\copy (SELECT id, COALESCE(cell, '') FROM issue_cell ORDER BY id) TO 'issue_cell.csv' CSV
\copy (SELECT community, round(area::numeric, 1) FROM gaps ORDER BY 1, 2 DESC) TO 'gaps.csv' CSV
\copy (SELECT cell_a, cell_b, round(area::numeric, 1) FROM cell_overlaps ORDER BY 1, 2) TO 'overlaps.csv' CSV
\copy (SELECT id FROM no_party_group ORDER BY id) TO 'no_party_group.csv' CSV
