#pragma once

#include "detail/geos.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace gridmap::detail {

/// For each child polygon, the index of the parent polygon that covers the largest part of its
/// area (ties: the lowest index, so callers sort parents by code). A child whose best overlap is
/// below `min_share` of its own area gets nullopt. Uses an STRtree over the parents and
/// prepared parent geometries; GEOS topology errors on a pair count as no overlap and are
/// counted in `topology_errors` if given.
std::vector<std::optional<std::size_t>>
largest_overlap(GEOSContextHandle_t ctx, std::span<const GEOSGeometry* const> children,
                std::span<const GEOSGeometry* const> parents, double min_share,
                std::size_t* topology_errors = nullptr);

} // namespace gridmap::detail
