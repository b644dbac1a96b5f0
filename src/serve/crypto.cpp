#include "serve/crypto.hpp"

#include "gridmap/error.hpp"

#include <sodium.h>

#include <vector>

namespace gridmap::serve {

namespace {

std::string to_hex(const unsigned char* data, std::size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, n);
    out.resize(n * 2);
    return out;
}

std::vector<unsigned char> from_hex(std::string_view hex) {
    std::vector<unsigned char> out(hex.size() / 2 + 1);
    std::size_t n = 0;
    if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &n, nullptr) != 0) {
        return {};
    }
    out.resize(n);
    return out;
}

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

} // namespace

void crypto_init() {
    if (sodium_init() < 0) {
        throw LibraryError("libsodium cannot be initialised");
    }
}

std::string random_hex(std::size_t n) {
    std::vector<unsigned char> buf(n);
    randombytes_buf(buf.data(), n);
    return to_hex(buf.data(), n);
}

std::string api_key_hash(std::string_view key) {
    unsigned char out[32];
    crypto_generichash(out, sizeof out, bytes(key), key.size(), nullptr, 0);
    return to_hex(out, sizeof out);
}

std::string password_hash(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw LibraryError("out of memory while hashing a password");
    }
    return out;
}

bool password_matches(std::string_view hash, std::string_view password) {
    const std::string h(hash); // NUL-terminated
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string request_token(std::string_view secret_hex, std::string_view id) {
    const auto key = from_hex(secret_hex);
    unsigned char mac[crypto_auth_hmacsha512256_BYTES];
    crypto_auth_hmacsha512256_state st;
    crypto_auth_hmacsha512256_init(&st, key.data(), key.size());
    crypto_auth_hmacsha512256_update(&st, bytes(id), id.size());
    crypto_auth_hmacsha512256_final(&st, mac);
    return std::string(id) + "-" + to_hex(mac, 12);
}

std::string token_issue(std::string_view secret_hex, std::string_view token) {
    const auto dash = token.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || token.size() - dash != 25) {
        return "";
    }
    const std::string_view id = token.substr(0, dash);
    return same_secret(request_token(secret_hex, id), token) ? std::string(id) : "";
}

bool same_secret(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace gridmap::serve
