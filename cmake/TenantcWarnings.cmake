# Warning flags for tenantc's own code (compiler, runtime, tests), set once for every folder.
#
# Errors only when tenantc is the project being built: as a subproject (add_subdirectory,
# FetchContent) a parent's newer compiler may warn about things this one does not, and that
# must not break the parent's build.
set(TENANTC_WARNINGS -Wall -Wextra -Wpedantic)
if(PROJECT_IS_TOP_LEVEL)
  list(APPEND TENANTC_WARNINGS -Werror)
  # GCC 12 at -O3 (Release) reports -Wrestrict inside libstdc++ on plain
  # `"literal" + std::string` (GCC bug 105651, fixed in 13); it stays a warning there.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    list(APPEND TENANTC_WARNINGS -Wno-error=restrict)
  endif()
endif()
