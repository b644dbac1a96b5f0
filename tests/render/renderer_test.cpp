// The shared map renderer (src/render) that draws both `gridmap render` and the software map:
// view arithmetic, scale bars, the stored layer panel, label placement without overlaps,
// theme colours, legends, and pixels of render_map.

#include "geo/map_fixture.hpp"
#include "geo/test_util.hpp"
#include "map_data.hpp"
#include "map_renderer.hpp"
#include "map_settings.hpp"
#include "map_style.hpp"
#include "page.hpp"

#include <gridmap/demo.hpp>
#include <gridmap/project.hpp>
#include <gridmap/workorder.hpp>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>

using namespace gridmap::render;

namespace {

const QString C = QStringLiteral("420100001001");

std::shared_ptr<const MapData> fixture_data() {
    static const std::shared_ptr<const MapData> data = [] {
        const std::string path = gridmap::test::temp_file("map.gpkg");
        gridmap::test::build_map_fixture(path, gridmap::test::data("map"));
        const gridmap::Project p =
            gridmap::Project::open(path, gridmap::Project::Access::read_only);
        return load_map_data(p);
    }();
    return data;
}

/// The view of the fixture at 3 px per metre in 900 x 600 px: fixture point (x, y) at pixel
/// (3x, 600 - 3y).
MapView fixture_view(const MapData& d) {
    MapView v;
    v.size = QSizeF(900, 600);
    v.scale = 3.0;
    v.centre = QPointF(500150, 3300100) - d.origin;
    return v;
}

QImage render(const MapData& d, const MapView& v, const RenderOptions& o) {
    QImage img(v.size.toSize(), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::white);
    QPainter p(&img);
    render_map(p, d, v, o);
    return img;
}

bool near(QColor a, QColor b, int tol = 3) {
    return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol &&
           std::abs(a.blue() - b.blue()) <= tol;
}

std::string str(QColor c) {
    return c.name().toStdString();
}

MapFeature square(const QString& key, double x, double y, double size) {
    gridmap::Shape s;
    s.kind = gridmap::GeometryKind::polygon;
    s.parts.push_back({{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}});
    s.ring_starts_polygon.push_back(true);
    MapFeature f = make_feature(s, QPointF());
    f.key = key;
    f.name = key;
    f.label = key;
    return f;
}

} // namespace

TEST(MapViewTest, FitAndRoundTrip) {
    const MapView v = MapView::fit(QRectF(0, 0, 300, 200), QSizeF(900, 600), 0);
    EXPECT_DOUBLE_EQ(v.scale, 3.0);
    EXPECT_EQ(v.to_pixel(QPointF(0, 0)), QPointF(0, 600));
    EXPECT_EQ(v.to_pixel(QPointF(300, 200)), QPointF(900, 0));
    const QPointF w = v.to_world(QPointF(123, 456));
    EXPECT_NEAR(v.to_pixel(w).x(), 123, 1e-9);
    EXPECT_NEAR(v.to_pixel(w).y(), 456, 1e-9);
    EXPECT_EQ(v.world_to_pixel().map(QPointF(10, 20)), v.to_pixel(QPointF(10, 20)));
    // A point is shown as if it were 50 m across.
    EXPECT_DOUBLE_EQ(MapView::fit(QRectF(5, 5, 0, 0), QSizeF(100, 100), 0).scale, 2.0);
}

TEST(ScaleBarTest, RoundLengths) {
    ScaleBar b = scale_bar(0.5, 180); // at most 90 m
    EXPECT_EQ(b.metres, 50);
    EXPECT_EQ(b.pixels, 100);
    EXPECT_EQ(b.label, QStringLiteral("50 m"));
    b = scale_bar(10, 180); // 1800 m
    EXPECT_EQ(b.metres, 1000);
    EXPECT_EQ(b.label, QStringLiteral("1 km"));
    b = scale_bar(0.01, 180); // 1.8 m
    EXPECT_EQ(b.metres, 1);
    EXPECT_EQ(b.pixels, 100);
    b = scale_bar(30, 100); // 3000 m
    EXPECT_EQ(b.metres, 2000);
    EXPECT_EQ(b.label, QStringLiteral("2 km"));
    EXPECT_EQ(scale_bar(0, 100).pixels, 0);
}

TEST(MapSettingsTest, LayerPanelRoundTrips) {
    QHash<QString, LayerState> s;
    s.insert(QStringLiteral("building"), {false, 0.25});
    s.insert(QStringLiteral("cell"), {true, 1.0});
    const auto back = layer_states_from_json(layer_states_to_json(s));
    ASSERT_EQ(back.size(), 2);
    EXPECT_FALSE(back.value(QStringLiteral("building")).visible);
    EXPECT_DOUBLE_EQ(back.value(QStringLiteral("building")).opacity, 0.25);
    EXPECT_TRUE(back.value(QStringLiteral("cell")).visible);
    const auto odd = layer_states_from_json(
        QStringLiteral(R"({"road": {"opacity": 7}, "issue": 3, "cell": {"visible": false}})"));
    EXPECT_EQ(odd.size(), 2);
    EXPECT_DOUBLE_EQ(odd.value(QStringLiteral("road")).opacity, 1.0); // clamped
    EXPECT_TRUE(odd.value(QStringLiteral("road")).visible);
    EXPECT_FALSE(odd.value(QStringLiteral("cell")).visible);
    EXPECT_TRUE(layer_states_from_json(QStringLiteral("not json")).isEmpty());
}

TEST(MapDataTest, FixtureLayersAndLabels) {
    const auto d = fixture_data();
    EXPECT_EQ(d->epsg, 4547);
    EXPECT_EQ(d->feature_count, 1 + 2 + 1 + 5 + 1 + 1 + 1 + 4);
    const MapLayer* b = d->layer(QStringLiteral("building"));
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->features[static_cast<std::size_t>(b->index_of(QStringLiteral("B3")))].label,
              QStringLiteral("3"));
    const MapLayer* road = d->layer(QStringLiteral("road"));
    EXPECT_EQ(road->features.at(0).label, QStringLiteral("幸福路"));
    // The label of the compound with a courtyard hole lies inside it, not in the hole.
    const MapFeature& k1 = d->layer(QStringLiteral("compound"))->features.at(0);
    EXPECT_TRUE(k1.path.contains(k1.label_point));
    EXPECT_EQ(d->tiling.size(), 2u);
}

TEST(LabelTest, PlacedLabelsNeverOverlap) {
    const auto d = fixture_data();
    for (double scale : {0.4, 0.8, 1.5, 3.0, 6.0}) {
        MapView v = fixture_view(*d);
        v.scale = scale;
        RenderOptions o;
        o.theme = Theme::coverage;
        const auto labels = place_labels(*d, v, o);
        const QRectF screen(QPointF(0, 0), v.size);
        for (int i = 0; i < labels.size(); ++i) {
            EXPECT_TRUE(screen.contains(labels[i].rect)) << scale;
            for (int k = i + 1; k < labels.size(); ++k) {
                EXPECT_FALSE(labels[i].rect.intersects(labels[k].rect))
                    << labels[i].text.toStdString() << " / " << labels[k].text.toStdString()
                    << " at " << scale << " px/m";
            }
        }
    }
}

TEST(LabelTest, CellsFirstThenBuildingNumbersThatFit) {
    const auto d = fixture_data();
    MapView v = fixture_view(*d);
    RenderOptions o;
    auto labels = place_labels(*d, v, o);
    QStringList keys;
    for (const auto& l : labels) {
        keys << l.layer + QLatin1Char(':') + l.key;
    }
    EXPECT_TRUE(keys.contains(QStringLiteral("cell:") + C + QStringLiteral("001")))
        << keys.join(' ').toStdString();
    EXPECT_TRUE(keys.contains(QStringLiteral("building:B3")));
    EXPECT_TRUE(keys.contains(QStringLiteral("road:R1")));
    EXPECT_EQ(labels.front().layer, QStringLiteral("cell"));
    // The cell label is its name and its code.
    EXPECT_TRUE(labels.front().text.contains(C));
    // At 0.1 px/m a building is 3 px wide: no number fits.
    v.scale = 0.1;
    v.size = QSizeF(400, 300);
    for (const auto& l : place_labels(*d, v, o)) {
        EXPECT_NE(l.layer, QStringLiteral("building"));
    }
    // Hidden layers have no labels.
    o.layers.insert(QStringLiteral("cell"), {false, 1.0});
    for (const auto& l : place_labels(*d, fixture_view(*d), o)) {
        EXPECT_NE(l.layer, QStringLiteral("cell"));
    }
}

TEST(LabelTest, LabelsKeepOffLinesAndEachOther) {
    // Fixture (README) at 3 px/m: road R1 runs along y = 100 m, pixel row 300, from x = -10 to
    // 310 m; its repair segment RS1 covers x 100-200 m, pixels 300-600 of that row. R1's label
    // point (the middle of the road, 150 m) lies on RS1: the label moves along the road, to 1/5
    // of its length (54 m, pixel 162) as 1/3 (97 m) and 2/3 (203 m) still touch RS1.
    const auto d = fixture_data();
    RenderOptions o;
    o.theme = Theme::coverage;
    const auto labels = place_labels(*d, fixture_view(*d), o);
    const QLineF rs1(QPointF(300, 300), QPointF(600, 300));
    const QLineF r1(QPointF(-30, 300), QPointF(930, 300));
    const auto crosses = [](const QLineF& line, const QRectF& r) {
        return r.top() <= line.p1().y() && r.bottom() >= line.p1().y() &&
               r.right() >= line.p1().x() && r.left() <= line.p2().x();
    };
    QStringList keys;
    for (const auto& l : labels) {
        keys << l.layer + QLatin1Char(':') + l.key;
        EXPECT_FALSE(crosses(rs1, l.rect)) << l.key.toStdString() << " on the repair line";
        if (l.layer != QLatin1String("road")) {
            EXPECT_FALSE(crosses(r1, l.rect)) << l.key.toStdString() << " on the road";
        }
        if (l.layer == QLatin1String("road")) {
            EXPECT_NEAR(l.anchor.x(), 162, 2);
            EXPECT_NEAR(l.anchor.y(), 300, 1);
        }
    }
    // The cells' labels and the compound's name all shown.
    for (const QString& k : {QStringLiteral("cell:") + C + QStringLiteral("001"),
                             QStringLiteral("cell:") + C + QStringLiteral("002"),
                             QStringLiteral("compound:K1"), QStringLiteral("road:R1")}) {
        EXPECT_TRUE(keys.contains(k)) << k.toStdString() << " in " << keys.join(' ').toStdString();
    }
}

TEST(LabelTest, CollidingLabelKeepsTheBiggerFeature) {
    MapData d;
    MapLayer cells;
    cells.name = QStringLiteral("compound");
    cells.kind = gridmap::GeometryKind::polygon;
    cells.features.push_back(square(QStringLiteral("small"), 0, 0, 20));
    cells.features.push_back(square(QStringLiteral("big"), -10, -10, 40)); // same centre
    cells.features.push_back(square(QStringLiteral("far"), 200, 0, 20));
    d.layers.push_back(std::move(cells));
    MapView v;
    v.size = QSizeF(600, 300);
    v.scale = 2.0;
    v.centre = QPointF(100, 10);
    const auto labels = place_labels(d, v, RenderOptions{});
    ASSERT_EQ(labels.size(), 2);
    EXPECT_EQ(labels[0].key, QStringLiteral("big"));
    EXPECT_EQ(labels[1].key, QStringLiteral("far"));
}

TEST(ThemeStyleTest, CoverageColoursOfTheFixture) {
    const auto d = fixture_data();
    const int b = d->layer_index(QStringLiteral("building"));
    const MapLayer& layer = d->layers[static_cast<std::size_t>(b)];
    const auto fill = [&](const char* key) {
        return feature_style(*d, b, layer.index_of(QString::fromLatin1(key)), Theme::coverage).fill;
    };
    EXPECT_EQ(fill("B1"), QColor(67, 160, 71));
    EXPECT_EQ(fill("B2"), QColor(251, 140, 0));
    EXPECT_EQ(fill("B3"), QColor(229, 57, 53));
    EXPECT_EQ(fill("B4"), QColor(176, 176, 176));
    EXPECT_EQ(feature_style(*d, b, layer.index_of(QStringLiteral("B5")), Theme::coverage).emphasis,
              QColor(106, 27, 154));
    EXPECT_EQ(feature_style(*d, b, layer.index_of(QStringLiteral("B3")), Theme::coverage)
                  .emphasis.alpha(),
              0);
    // Plain: every building in the layer colour.
    EXPECT_EQ(feature_style(*d, b, 0, Theme::plain).fill, legend_color("building"));
    const StyleTable table(*d, Theme::coverage);
    EXPECT_EQ(table.at(static_cast<std::size_t>(b), 2).fill, fill("B3"));
}

TEST(LegendTest, FollowsTheThemeAndTheLayers) {
    const auto d = fixture_data();
    const auto all = [](const QString&) {
        return true;
    };
    const auto plain = legend_entries(*d, Theme::plain, all);
    EXPECT_EQ(plain.size(), 8); // one per non-empty layer
    const auto coverage = legend_entries(*d, Theme::coverage, all);
    // Buildings: heading, both, no party group, no building captain, neither, not residential,
    // cut (7); cells: heading, below, within, above, gap, overlap (6).
    ASSERT_EQ(coverage.size(), 13);
    EXPECT_EQ(coverage[0].symbol, LegendEntry::Symbol::heading);
    EXPECT_EQ(coverage[2].text, QStringLiteral("no party group")); // says which item is missing
    EXPECT_EQ(coverage[3].text, QStringLiteral("no building captain"));
    EXPECT_TRUE(coverage[7].text.contains(QStringLiteral("300"))); // the target range
    const auto no_buildings = legend_entries(
        *d, Theme::coverage, [](const QString& n) { return n != QLatin1String("building"); });
    EXPECT_EQ(no_buildings.size(), 6);
    const auto issues = legend_entries(*d, Theme::issues, all);
    QStringList texts;
    for (const auto& e : issues) {
        texts << e.text;
    }
    // The four categories of the fixture, each with its symbol.
    for (const char* c : {"市容环境", "街面秩序", "微心愿", "宣传广告"}) {
        EXPECT_TRUE(texts.contains(QString::fromUtf8(c))) << c;
    }
}

TEST(RenderMapTest, ThemeColoursAtKnownPixels) {
    const auto d = fixture_data();
    RenderOptions o;
    o.theme = Theme::coverage;
    o.labels = false;
    o.background = background_color();
    const QImage img = render(*d, fixture_view(*d), o);
    EXPECT_TRUE(near(img.pixelColor(570, 450), QColor(229, 57, 53)))
        << str(img.pixelColor(570, 450));
    EXPECT_TRUE(near(img.pixelColor(75, 195), QColor(67, 160, 71))) << str(img.pixelColor(75, 195));
    // Outside the community: the background.
    MapView v = fixture_view(*d);
    v.centre += QPointF(100, 0); // 300 px of nothing on the right
    const QImage off = render(*d, v, o);
    EXPECT_TRUE(near(off.pixelColor(890, 300), background_color()))
        << str(off.pixelColor(890, 300));
}

TEST(RenderMapTest, HiddenAndTranslucentLayers) {
    const auto d = fixture_data();
    RenderOptions o;
    o.labels = false;
    o.background = background_color();
    const QImage shown = render(*d, fixture_view(*d), o);
    const QColor beneath = [&] {
        RenderOptions h = o;
        h.layers.insert(QStringLiteral("building"), {false, 1.0});
        return render(*d, fixture_view(*d), h).pixelColor(570, 450);
    }();
    EXPECT_TRUE(near(shown.pixelColor(570, 450), legend_color("building")));
    EXPECT_FALSE(near(beneath, legend_color("building"), 40)) << str(beneath);
    o.layers.insert(QStringLiteral("building"), {true, 0.5});
    const QColor half = render(*d, fixture_view(*d), o).pixelColor(570, 450);
    const QColor b = legend_color("building");
    EXPECT_NEAR(half.red(), (b.red() + beneath.red()) / 2, 3) << str(half);
    EXPECT_NEAR(half.green(), (b.green() + beneath.green()) / 2, 3) << str(half);
}

TEST(RenderMapTest, SelectionIsOutlined) {
    const auto d = fixture_data();
    RenderOptions o;
    o.labels = false;
    o.selected_layer = QStringLiteral("building");
    o.selected_key = QStringLiteral("B3");
    const QImage img = render(*d, fixture_view(*d), o);
    // B3's west edge x = 180 m: pixel 540.
    EXPECT_TRUE(near(img.pixelColor(540, 450), QColor(0, 172, 193), 10))
        << str(img.pixelColor(540, 450));
}

TEST(ThemeStyleTest, EveryThemeHasANameTitleAndLegend) {
    const auto d = fixture_data();
    const auto all = [](const QString&) {
        return true;
    };
    ASSERT_EQ(all_themes().size(), 9);
    for (Theme t : all_themes()) {
        Theme back = Theme::plain;
        ASSERT_TRUE(theme_from_name(theme_name(t), back)) << theme_name(t).toStdString();
        EXPECT_EQ(back, t);
        EXPECT_FALSE(theme_title(t).isEmpty());
        EXPECT_FALSE(legend_entries(*d, t, all).isEmpty()) << theme_name(t).toStdString();
    }
    Theme t = Theme::plain;
    EXPECT_TRUE(theme_from_name(QStringLiteral("coverage_unit_captain"), t));
    EXPECT_EQ(t, Theme::unit_captain);
    EXPECT_FALSE(theme_from_name(QStringLiteral("rainbow"), t));
    EXPECT_EQ(t, Theme::unit_captain);
}

TEST(LegendTest, RuleThemesNameWhatIsMissing) {
    const auto d = fixture_data();
    const auto texts = [&](Theme theme) {
        QStringList out;
        for (const auto& e : legend_entries(*d, theme, [](const QString&) { return true; })) {
            out << e.text;
        }
        return out;
    };
    EXPECT_TRUE(texts(Theme::party_group).contains(QStringLiteral("no party group")));
    EXPECT_TRUE(texts(Theme::building_captain).contains(QStringLiteral("no building captain")));
    EXPECT_TRUE(
        texts(Theme::unit_captain).contains(QStringLiteral("some units lack a unit captain")));
    EXPECT_TRUE(texts(Theme::pairing).contains(QStringLiteral("no household paired")));
    EXPECT_TRUE(texts(Theme::grid_worker).contains(QStringLiteral("no grid worker")));
    EXPECT_TRUE(texts(Theme::households).contains(QStringLiteral("below the target")));
    // Cell themes say nothing about buildings, building themes nothing about cells.
    EXPECT_FALSE(texts(Theme::grid_worker).contains(QStringLiteral("not residential")));
    EXPECT_FALSE(texts(Theme::unit_captain).contains(QStringLiteral("gap between cells")));
}

TEST(RenderMapTest, RuleThemesAtKnownPixels) {
    // Fixture point (x, y) is pixel (3x, 600 - 3y). README: B1 has units B1-1 (captain) and
    // B1-2 (none): some missing, orange; B2-1 has no captain: red; B5 has no units and no
    // households: white; no household is paired: B1 red; cell 001 has a grid worker, 002 not.
    const auto d = fixture_data();
    RenderOptions o;
    o.labels = false;
    o.background = background_color();
    const auto pixel = [&](Theme theme, double x, double y) {
        o.theme = theme;
        return render(*d, fixture_view(*d), o).pixelColor(qRound(3 * x), qRound(600 - 3 * y));
    };
    const QColor orange(251, 140, 0);
    const QColor red(229, 57, 53);
    const QColor green(67, 160, 71);
    const QColor white(255, 255, 255);
    QColor c = pixel(Theme::unit_captain, 25, 135); // B1
    EXPECT_TRUE(near(c, orange)) << str(c);
    c = pixel(Theme::unit_captain, 25, 35); // B2
    EXPECT_TRUE(near(c, red)) << str(c);
    c = pixel(Theme::unit_captain, 165, 70); // B5
    EXPECT_TRUE(near(c, white)) << str(c);
    c = pixel(Theme::pairing, 25, 135); // B1
    EXPECT_TRUE(near(c, red)) << str(c);
    c = pixel(Theme::party_group, 25, 135); // B1: PG1
    EXPECT_TRUE(near(c, green)) << str(c);
    c = pixel(Theme::party_group, 25, 35); // B2: no party group
    EXPECT_TRUE(near(c, red)) << str(c);
    c = pixel(Theme::building_captain, 25, 35); // B2: captain P1
    EXPECT_TRUE(near(c, green)) << str(c);
    // Cells: 002 without a grid worker reddish, 001 with one greenish (translucent fills).
    c = pixel(Theme::grid_worker, 200, 20);
    EXPECT_GT(c.red(), c.green() + 40) << str(c);
    c = pixel(Theme::grid_worker, 100, 160);
    EXPECT_GT(c.green(), c.red() + 10) << str(c);
    // Buildings step back under a cell theme.
    EXPECT_FALSE(near(pixel(Theme::grid_worker, 25, 135), green, 30));
}

TEST(ThemeStyleTest, EveryIssueCategoryHasItsOwnSymbol) {
    // Every category of the one table, and one more that is not in it.
    std::set<std::pair<int, double>> seen;
    std::size_t n = 0;
    for (const auto& c : gridmap::issue_categories()) {
        const CategorySymbol s = category_symbol(std::string(c.name));
        EXPECT_TRUE(seen.insert({s.sides, s.rotation_deg}).second) << c.name;
        ++n;
    }
    const CategorySymbol other = category_symbol("不存在的类别");
    EXPECT_TRUE(seen.insert({other.sides, other.rotation_deg}).second);
    EXPECT_EQ(n, 8u);
    EXPECT_EQ(seen.size(), 9u);
    // 微心愿 points down, 微诉求 east.
    EXPECT_EQ(category_symbol("微心愿").sides, 3);
    EXPECT_EQ(category_symbol("微心愿").rotation_deg, -90);
    EXPECT_EQ(category_symbol("微诉求").rotation_deg, 0);
}

TEST(RenderMapTest, WishAndRequestAreDrawnApart) {
    // I1 (open, at fixture (200, 150) = pixel (600, 150)) made overdue: radius 10.5 px (1.4 x
    // 7.5), filled (136, 14, 79) inside a white 1.5 px outline (0.75 px of it inside). Pixel
    // (605, 150) has its centre 5.5 px east of I1 and 0.5 px below. A triangle pointing east
    // (微诉求) is 2 x 9.09 x (10.5 - 5.5) / 15.75 = 5.8 px tall there: filled. A triangle
    // pointing down (微心愿) is 5.78 px wide each side at 0.5 px below the centre, 5.0 px of it
    // filled: empty. Pixel (600, 155), 0.5 px east and 5.5 px below: the east triangle reaches
    // 5.78 - 0.75 = 5.0 px below the centre (empty); the down triangle is 2 x 9.09 x
    // (10.5 - 5.5) / 15.75 = 5.8 px wide there (filled).
    const std::string path = gridmap::test::temp_file("categories.gpkg");
    gridmap::test::build_map_fixture(path, gridmap::test::data("map"));
    gridmap::test::gdal_sql(path, "UPDATE issue SET deadline = '2020-01-01T00:00:00Z'");
    const QColor overdue(136, 14, 79);
    RenderOptions o;
    o.theme = Theme::issues;
    o.labels = false;
    o.background = background_color();
    const auto image = [&](const char* category) {
        gridmap::test::gdal_sql(path, std::string("UPDATE issue SET category = '") + category +
                                          "' WHERE id = 'I1'");
        const gridmap::Project p =
            gridmap::Project::open(path, gridmap::Project::Access::read_only);
        const auto d = load_map_data(p);
        EXPECT_EQ(d->theme.issue("I1")->category, category);
        return render(*d, fixture_view(*d), o);
    };
    const QImage request = image("微诉求");
    EXPECT_TRUE(near(request.pixelColor(605, 150), overdue, 10))
        << str(request.pixelColor(605, 150));
    EXPECT_FALSE(near(request.pixelColor(600, 155), overdue, 60))
        << str(request.pixelColor(600, 155));
    const QImage wish = image("微心愿");
    EXPECT_TRUE(near(wish.pixelColor(600, 155), overdue, 10)) << str(wish.pixelColor(600, 155));
    EXPECT_FALSE(near(wish.pixelColor(605, 150), overdue, 60)) << str(wish.pixelColor(605, 150));
}

/// Pixels of `img` inside `box` that are not fully transparent.
int drawn_pixels(const QImage& img, const QRectF& box) {
    int n = 0;
    const QRect r = box.toAlignedRect().intersected(img.rect());
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            n += qAlpha(img.pixel(x, y)) > 0 ? 1 : 0;
        }
    }
    return n;
}

TEST(PageTest, LegendCoversNoBuildingOfTheDemo) {
    // The demo as `gridmap render` draws it by default: 1600 x 1131 px, the communities with a
    // margin of 4 % of their larger side, the coverage theme, with title and legend.
    const std::string path = gridmap::test::temp_file("demo_page.gpkg");
    std::filesystem::remove(path);
    gridmap::build_demo_project(GRIDMAP_DEMO_DATA, path);
    const gridmap::Project project =
        gridmap::Project::open(path, gridmap::Project::Access::read_only);
    const auto d = load_map_data(project);
    QRectF extent;
    for (const auto& f : d->layer(QStringLiteral("community"))->features) {
        extent = extent.isNull() ? f.bounds : extent.united(f.bounds);
    }
    const double m = std::max(extent.width(), extent.height()) * 0.04;
    extent.adjust(-m, -m, m, m);
    const QSizeF size(1600, 1131);
    RenderOptions o;
    o.theme = Theme::coverage;
    o.background = background_color();
    PageOptions page;
    page.title = QStringLiteral("图例测试");
    page.extent = extent;
    const MapView full = MapView::fit(extent, size, 0.0, 1.0);
    const PageLayout layout = page_layout(*d, full, o, page);
    // The legend sits in a panel right of the map, inside the page.
    ASSERT_FALSE(layout.legend.isEmpty());
    EXPECT_LE(layout.map.right(), layout.panel.left() + 0.01);
    EXPECT_TRUE(layout.panel.contains(layout.legend));
    EXPECT_TRUE(QRectF(QPointF(), size).contains(layout.panel));
    // The whole extent is on the map.
    EXPECT_TRUE(layout.map.adjusted(-0.5, -0.5, 0.5, 0.5)
                    .contains(QRectF(layout.view.to_pixel(extent.topLeft()),
                                     layout.view.to_pixel(extent.bottomRight()))
                                  .normalized()));
    // Every building pixel of the map, drawn alone and unclipped on a transparent page: none
    // inside the legend's box or its panel.
    RenderOptions only = o;
    only.background = QColor();
    only.labels = false;
    for (const MapLayer& l : d->layers) {
        if (l.name != QLatin1String("building")) {
            only.layers.insert(l.name, {false, 1.0});
        }
    }
    QImage buildings(size.toSize(), QImage::Format_ARGB32_Premultiplied);
    buildings.fill(Qt::transparent);
    {
        QPainter p(&buildings);
        render_map(p, *d, layout.view, only);
    }
    EXPECT_GT(drawn_pixels(buildings, layout.map), 10000); // the demo's buildings are there
    EXPECT_EQ(drawn_pixels(buildings, layout.legend), 0);
    EXPECT_EQ(drawn_pixels(buildings, layout.panel), 0);
    // The legend as it was placed before (bottom right, over the map at the full page's view)
    // covered buildings: the measure the panel is for.
    QImage before(size.toSize(), QImage::Format_ARGB32_Premultiplied);
    before.fill(Qt::transparent);
    {
        QPainter p(&before);
        render_map(p, *d, full, only);
    }
    const double u = page_unit(size);
    const QSizeF legend = layout.legend.size();
    const QRectF old_box(QPointF(size.width() - 12 * u, size.height() - 34 * u) -
                             QPointF(legend.width(), legend.height()),
                         legend);
    std::cout << "building pixels under the legend: " << drawn_pixels(before, old_box)
              << " before, " << drawn_pixels(buildings, layout.legend) << " now\n";
}

/// The demo project, built once per test program.
const std::string& demo_project() {
    static const std::string path = [] {
        const std::string p = gridmap::test::temp_file("demo_symbols.gpkg");
        std::filesystem::remove(p);
        gridmap::build_demo_project(GRIDMAP_DEMO_DATA, p);
        return p;
    }();
    return path;
}

/// A point symbol as drawn: a disc, or its corners and its rotation modulo the polygon's own
/// symmetry (a square at 45 and at -45 degrees is one symbol).
std::pair<int, long> symbol_key(const FeatureStyle& s) {
    if (s.sides >= 32) {
        return {32, 0};
    }
    const double period = 360.0 / s.sides;
    double r = std::fmod(s.rotation_deg, period);
    r = r < 0 ? r + period : r;
    return {s.sides, std::lround(r * 10) % std::lround(period * 10)};
}

TEST(DemoRenderTest, EveryCategoryOfTheDemoHasItsOwnSymbol) {
    // The issues theme of the demo as `gridmap render --theme issues` draws it: the symbols of
    // the 20 issues (each category's shape; colour by state, size by overdue). The demo has
    // every category of the table (issue.geojson: 市容环境 4, 街面秩序 3, 微心愿 3, 微诉求 3,
    // 宣传广告 2, 施工管理 2, 扩展事件 2, 突发事件 1): 8 categories, 8 distinct shapes, one
    // shape per category.
    const gridmap::Project project =
        gridmap::Project::open(demo_project(), gridmap::Project::Access::read_only);
    const auto d = load_map_data(project);
    int layer = -1;
    for (std::size_t i = 0; i < d->layers.size(); ++i) {
        layer = d->layers[i].name == QLatin1String("issue") ? static_cast<int>(i) : layer;
    }
    ASSERT_GE(layer, 0);
    std::map<std::string, std::set<std::pair<int, long>>> by_category;
    std::set<std::pair<int, long>> shapes;
    std::size_t issues = 0;
    const auto& features = d->layers[static_cast<std::size_t>(layer)].features;
    for (std::size_t k = 0; k < features.size(); ++k) {
        const auto* issue = d->theme.issue(features[k].key.toStdString());
        ASSERT_NE(issue, nullptr) << features[k].key.toStdString();
        const FeatureStyle s = feature_style(*d, layer, static_cast<int>(k), Theme::issues);
        by_category[issue->category].insert(symbol_key(s));
        shapes.insert(symbol_key(s));
        ++issues;
    }
    EXPECT_EQ(issues, 20u);
    EXPECT_EQ(by_category.size(), 8u);
    EXPECT_EQ(shapes.size(), 8u); // as many shapes as categories
    for (const auto& [category, keys] : by_category) {
        EXPECT_EQ(keys.size(), 1u) << category << " is drawn with several shapes";
    }
    // 微心愿 and 微诉求 (once one symbol) apart.
    EXPECT_NE(*by_category["微心愿"].begin(), *by_category["微诉求"].begin());
    // The legend of the theme shows each category with its symbol: 8 shapes there too.
    std::set<std::pair<int, long>> legend_shapes;
    for (const LegendEntry& e :
         legend_entries(*d, Theme::issues, [](const QString&) { return true; })) {
        if (e.symbol == LegendEntry::Symbol::point && e.style.sides < 32) {
            legend_shapes.insert(symbol_key(e.style));
        }
    }
    EXPECT_GE(legend_shapes.size(), 7u); // the 7 polygons; the disc is also a state's swatch
}

TEST(DemoRenderTest, LabelsAvoidRepairLinesAndEachOther) {
    // The demo at `gridmap render`'s default page (1600 x 1131 px, the communities with a 4 %
    // margin, coverage theme) and zoomed in twice: no two labels overlap, no label lies on a
    // road repair line, and no cell, compound or building label lies on a road.
    const gridmap::Project project =
        gridmap::Project::open(demo_project(), gridmap::Project::Access::read_only);
    const auto d = load_map_data(project);
    QRectF extent;
    for (const auto& f : d->layer(QStringLiteral("community"))->features) {
        extent = extent.isNull() ? f.bounds : extent.united(f.bounds);
    }
    const double m = std::max(extent.width(), extent.height()) * 0.04;
    extent.adjust(-m, -m, m, m);
    RenderOptions o;
    o.theme = Theme::coverage;
    const auto segments = [&](const MapView& v, const char* layer) {
        std::vector<QLineF> out;
        for (const auto& f : d->layer(QString::fromLatin1(layer))->features) {
            for (const auto& part : f.shape.parts) {
                for (std::size_t k = 0; k + 1 < part.size(); ++k) {
                    out.emplace_back(v.to_pixel({part[k].x, part[k].y}),
                                     v.to_pixel({part[k + 1].x, part[k + 1].y}));
                }
            }
        }
        return out;
    };
    // Whether the segment passes through the rectangle (sampled every 0.5 px).
    const auto meets = [](const QLineF& s, const QRectF& r) {
        const int n = std::max(2, static_cast<int>(s.length() * 2));
        for (int i = 0; i <= n; ++i) {
            if (r.contains(s.pointAt(static_cast<double>(i) / n))) {
                return true;
            }
        }
        return false;
    };
    for (double zoom : {1.0, 2.0, 4.0}) {
        MapView v = MapView::fit(extent, QSizeF(1600, 1131), 0.0, 1.0);
        v.scale *= zoom;
        const auto labels = place_labels(*d, v, o);
        ASSERT_GT(labels.size(), 10) << zoom;
        const auto repairs = segments(v, "repair_segment");
        const auto roads = segments(v, "road");
        int on_repair = 0;
        int on_road = 0;
        for (int i = 0; i < labels.size(); ++i) {
            const auto& l = labels[i];
            for (int k = i + 1; k < labels.size(); ++k) {
                EXPECT_FALSE(l.rect.intersects(labels[k].rect))
                    << l.text.toStdString() << " / " << labels[k].text.toStdString() << " x"
                    << zoom;
            }
            // The label's own box, without its padding.
            const QRectF box = l.rect.adjusted(2, 2, -2, -2);
            for (const QLineF& s : repairs) {
                if (meets(s, box)) {
                    ++on_repair;
                    ADD_FAILURE() << l.layer.toStdString() << " " << l.key.toStdString()
                                  << " on a repair line x" << zoom;
                    break;
                }
            }
            if (l.layer == QLatin1String("road")) {
                continue;
            }
            for (const QLineF& s : roads) {
                if (meets(s, box)) {
                    ++on_road;
                    ADD_FAILURE() << l.layer.toStdString() << " " << l.key.toStdString()
                                  << " on a road x" << zoom;
                    break;
                }
            }
        }
        std::cout << "demo x" << zoom << ": " << labels.size() << " labels, " << on_repair
                  << " on repair lines, " << on_road << " on roads\n";
    }
}

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

TEST(PageTest, BandsOnSeveralThreadsDrawTheSamePixels) {
    // The demo's page under the coverage theme (fills, outlines, the cells' dashed outlines,
    // the legend, the scale bar and north arrow): drawn by one painter, and in 1, 2 and 5 bands
    // at once (gridmap render's PNG path), the same pixels: no seam, nothing missing or drawn
    // twice. Only a cell's dash that crosses the edge between two bands may differ, by at most 3
    // of 255 in a channel, within 10 rows of that edge (a dash with its caps is 7.5 px long; Qt's
    // line rasteriser clips each dash to its band before stepping along it). The labels are left
    // out: Qt may draw a glyph a shade differently the first time a thread draws it (up to 16 of
    // 255 at an edge), whichever path draws it.
    const std::string path = gridmap::test::temp_file("demo_bands.gpkg");
    std::filesystem::remove(path);
    gridmap::build_demo_project(GRIDMAP_DEMO_DATA, path);
    const gridmap::Project project =
        gridmap::Project::open(path, gridmap::Project::Access::read_only);
    const auto d = load_map_data(project);
    const QSizeF size(1200, 850);
    RenderOptions o;
    o.theme = Theme::coverage;
    o.background = background_color();
    o.labels = false;
    PageOptions page;
    page.extent = community_extent(*d);
    const MapView view = MapView::fit(page.extent, size, 0.0, 1.0);
    QImage one(size.toSize(), QImage::Format_ARGB32_Premultiplied);
    one.fill(Qt::white);
    {
        QPainter p(&one);
        render_page(p, *d, view, o, page);
    }
    for (int bands : {1, 2, 5}) {
        QImage banded(size.toSize(), QImage::Format_ARGB32_Premultiplied);
        render_page_image(banded, *d, view, o, page, bands);
        const int h = one.height();
        const auto near_band_edge = [&](int y) {
            for (int b = 1; b < bands; ++b) {
                if (std::abs(y - h * b / bands) <= 10) {
                    return true;
                }
            }
            return false;
        };
        int differing = 0; // pixels that differ at all
        int wrong = 0;     // pixels that differ by more, or away from a band's edge
        int coloured = 0;  // pixels neither white nor the background: the map is there
        for (int y = 0; y < h; ++y) {
            const auto* a = reinterpret_cast<const QRgb*>(one.constScanLine(y));
            const auto* b = reinterpret_cast<const QRgb*>(banded.constScanLine(y));
            for (int x = 0; x < one.width(); ++x) {
                if (a[x] != b[x]) {
                    ++differing;
                    const int most = std::max({std::abs(qRed(a[x]) - qRed(b[x])),
                                               std::abs(qGreen(a[x]) - qGreen(b[x])),
                                               std::abs(qBlue(a[x]) - qBlue(b[x])),
                                               std::abs(qAlpha(a[x]) - qAlpha(b[x]))});
                    wrong += most > 3 || !near_band_edge(y) ? 1 : 0;
                }
                coloured += b[x] != qRgb(255, 255, 255) && b[x] != background_color().rgb();
            }
        }
        EXPECT_EQ(wrong, 0) << bands << " bands (" << differing << " differ)";
        EXPECT_LT(differing, 200) << bands << " bands";
        if (bands == 1) {
            EXPECT_EQ(differing, 0); // one band is the page drawn whole
        }
        EXPECT_GT(coloured, 100000) << bands << " bands";
    }
}

TEST(RenderMapTest, DashedCellOutlineHasItsPattern) {
    // One cell 100 m square at 1 px per metre, plain theme: its outline is the cell layer's
    // dashed 1.5 px pen, 6 px dashes and 3 px gaps from its first corner, square or round ends
    // reaching 0.75 px past each dash. Along the bottom edge (pixel row 150, x 50-150, drawn
    // from x = 50) the pixels x = 57 + 9k lie wholly in a gap, those between mostly under a dash.
    MapData d;
    MapLayer cells;
    cells.name = QStringLiteral("cell");
    cells.kind = gridmap::GeometryKind::polygon;
    cells.features.push_back(square(QStringLiteral("c"), 0, 0, 100));
    d.layers.push_back(std::move(cells));
    MapView v;
    v.size = QSizeF(200, 200);
    v.scale = 1.0;
    v.centre = QPointF(50, 50);
    RenderOptions o;
    o.theme = Theme::plain;
    o.labels = false;
    const QImage img = render(d, v, o);
    int dark = 0;
    for (int x = 50; x < 150; ++x) {
        const int red = qRed(img.pixel(x, 150));
        dark += red < 150 ? 1 : 0;
        if ((x - 57) % 9 == 0) {
            EXPECT_GT(red, 200) << "a gap at x = " << x;
        }
        if ((x - 50) % 9 >= 1 && (x - 50) % 9 <= 5) {
            EXPECT_LT(red, 150) << "a dash at x = " << x;
        }
    }
    EXPECT_GE(dark, 70); // 7.5 px of every 9 under a dash, less the anti-aliased ends
    EXPECT_LE(dark, 90);
}
