#include "medbudget/io/version.hpp"

#include "medbudget/version.hpp"

namespace medbudget {

std::string_view engine_version() noexcept { return MEDBUDGET_VERSION_STRING; }

}  // namespace medbudget
