#pragma once

#include <stdexcept>
#include <string>

namespace gridmap {

/// Base of every error thrown by geo/. The message is one line, ready to print.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad input from the user: a file, a feature, a field, an option. The CLI exits 2 on it.
/// `where()` names the file, feature and field when known ("data/b.geojson: feature 12, field
/// 'building'").
class InputError : public Error {
public:
    explicit InputError(const std::string& message) : Error(message) {}
};

/// The project file cannot be used: not a Gridmap GeoPackage, newer schema, corrupt.
class ProjectError : public Error {
public:
    explicit ProjectError(const std::string& message) : Error(message) {}
};

/// A failure inside GDAL, GEOS, PROJ or SQLite that is not the user's input.
class LibraryError : public Error {
public:
    explicit LibraryError(const std::string& message) : Error(message) {}
};

} // namespace gridmap
