#include "detail/overlay.hpp"

namespace gridmap::detail {

std::vector<std::optional<std::size_t>>
largest_overlap(GEOSContextHandle_t ctx, std::span<const GEOSGeometry* const> children,
                std::span<const GEOSGeometry* const> parents, double min_share,
                std::size_t* topology_errors) {
    std::vector<std::optional<std::size_t>> result(children.size());
    if (parents.empty() || children.empty()) {
        return result;
    }
    TreePtr tree(GEOSSTRtree_create_r(ctx, 10), TreeDeleter{ctx});
    // The tree stores the index of each parent, smuggled through the item pointer.
    std::vector<std::size_t> ids(parents.size());
    std::vector<PreparedPtr> prepared;
    prepared.reserve(parents.size());
    for (std::size_t i = 0; i < parents.size(); ++i) {
        ids[i] = i;
        GEOSSTRtree_insert_r(ctx, tree.get(), parents[i], &ids[i]);
        prepared.emplace_back(GEOSPrepare_r(ctx, parents[i]), PreparedDeleter{ctx});
    }
    std::vector<std::size_t> candidates;
    for (std::size_t c = 0; c < children.size(); ++c) {
        const GEOSGeometry* child = children[c];
        candidates.clear();
        GEOSSTRtree_query_r(
            ctx, tree.get(), child,
            [](void* item, void* user) {
                static_cast<std::vector<std::size_t>*>(user)->push_back(
                    *static_cast<std::size_t*>(item));
            },
            &candidates);
        if (candidates.empty()) {
            continue;
        }
        const double child_area = area(ctx, child);
        double best = 0;
        std::optional<std::size_t> best_index;
        for (std::size_t p : candidates) {
            double overlap = 0;
            if (GEOSPreparedContainsProperly_r(ctx, prepared[p].get(), child) == 1) {
                overlap = child_area;
            } else if (GEOSPreparedIntersects_r(ctx, prepared[p].get(), child) == 1) {
                Geom inter(ctx, GEOSIntersection_r(ctx, parents[p], child));
                if (!inter) {
                    if (topology_errors != nullptr) {
                        ++*topology_errors;
                    }
                    continue;
                }
                overlap = area(ctx, inter.get());
            }
            if (overlap > best ||
                (overlap == best && best_index && p < *best_index && overlap > 0)) {
                best = overlap;
                best_index = p;
            }
        }
        if (best_index && best > 0 && best >= min_share * child_area) {
            result[c] = best_index;
        }
    }
    return result;
}

} // namespace gridmap::detail
