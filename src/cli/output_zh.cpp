#include "cli/output_zh.hpp"

#include "gridmap/text.hpp"
#include "gridmap/workorder.hpp"

#include <cstdio>

namespace gridmap::cli {

std::string grid_to_text_zh(const GridReport& r) {
    std::string o;
    for (const GridCommunity& c : r.communities) {
        std::size_t n = 0;
        for (const GridCell& cell : r.cells) {
            n += cell.community == c.code ? 1 : 0;
        }
        o += "社区 " + c.code + (c.name.empty() ? "" : " " + c.name) + "：" + std::to_string(n) +
             " 个" +
             (r.balanced ? "按户数均衡的网格（目标 " + std::to_string(r.households_min) + "-" +
                               std::to_string(r.households_max) + " 户）"
                         : std::string(r.shape == CellShape::square ? "方形" : "六边形") +
                               "网格（" + (r.shape == CellShape::square ? "边长 " : "对边宽 ") +
                               fixed(r.size_m, 1) + " 米）") +
             "；面积 " + fixed(c.area_m2, 1) + " 平方米，" + std::to_string(c.households) +
             " 户；" + std::to_string(c.kept) + " 个保留原编码，替换旧网格 " +
             std::to_string(c.replaced) + " 个";
        if (c.compounds_cut > 0) {
            o += "，" + std::to_string(c.compounds_cut) + " 个小区跨网格边界";
        }
        if (c.geos_fallbacks > 0) {
            o += "，" + std::to_string(c.geos_fallbacks) +
                 " 次 Boost.Geometry 裁剪结果无效，已用 GEOS 重做";
        }
        if (c.slivers > 0) {
            o += "，" + std::to_string(c.slivers) + " 个小于 " + fixed(r.tolerance_m2, 1) +
                 " 平方米的碎块并入相邻网格";
        }
        o += "\n";
        for (const GridCell& cell : r.cells) {
            if (cell.community != c.code) {
                continue;
            }
            char line[160];
            std::snprintf(line, sizeof line, "  %s %12s 平方米 %4lld 栋楼 %5lld 户",
                          cell.code.c_str(), fixed(cell.area_m2, 1).c_str(),
                          static_cast<long long>(cell.buildings),
                          static_cast<long long>(cell.households));
            o += line;
            o += "  " + cell.name + (cell.kept ? "（保留原编码）" : "") +
                 (cell.in_range ? "" : "（超出户数范围）") + "\n";
        }
    }
    if (r.balanced) {
        const std::string range =
            std::to_string(r.households_min) + "-" + std::to_string(r.households_max) + " 户";
        if (r.out_of_range.empty()) {
            o += "每个网格都有 " + range + "\n";
        } else {
            o += std::to_string(r.out_of_range.size()) + " 个网格超出 " + range + " 的范围：";
            for (const std::string& code : r.out_of_range) {
                for (const GridCell& cell : r.cells) {
                    if (cell.code == code) {
                        o += " " + code + "（" + std::to_string(cell.households) + " 户）";
                    }
                }
            }
            o += "\n";
        }
    }
    for (const std::string& u : r.unassigned) {
        o += "已取消网格员分工：" + u + "\n";
    }
    o += r.written ? "已写入\n" : "试运行：未写入任何内容\n";
    return o;
}

} // namespace gridmap::cli
