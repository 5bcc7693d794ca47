# The targets other projects use (tenantc::tenantc, tenantc::runtime, tenantc::testing), for
# add_subdirectory / FetchContent users and, through install rules, for find_package(tenantc).
# Included by the top-level CMakeLists.txt once the compiler and runtime targets exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(tenantc_runtime PROPERTIES EXPORT_NAME runtime)
if(TARGET tenantc_testing)
  set_target_properties(tenantc_testing PROPERTIES EXPORT_NAME testing)
endif()

set(TENANTC_EXECUTABLE "" CACHE FILEPATH
    "an existing tenantc to be tenantc::tenantc (default: the one this build makes; as a subproject, one built at configure time)")

if(NOT tenantc_IS_TOP_LEVEL)
  # A subproject: its users build the runtime and what they link; no benchmark, and no
  # compiler, which comes from TENANTC_EXECUTABLE or the host build below.
  foreach(t tenantc tenantc_core tenantc_testing tenantc_bench_pipeline)
    if(TARGET ${t})
      set_target_properties(${t} PROPERTIES EXCLUDE_FROM_ALL ON)
    endif()
  endforeach()
endif()

if(TENANTC_EXECUTABLE)
  set(tenantc_imported_exe "${TENANTC_EXECUTABLE}")
elseif(tenantc_IS_TOP_LEVEL)
  add_executable(tenantc::tenantc ALIAS tenantc)
else()
  # tenantc_generate() asks the compiler for its output names at configure time, before this
  # build could have built it, so the compiler is built for the host now (once; later
  # configures only rebuild what changed). It is a host tool, which also suits cross builds.
  # Its output is not captured: the first build takes minutes and should show progress.
  set(host_dir "${CMAKE_CURRENT_BINARY_DIR}/host")
  set(tenantc_imported_exe "${host_dir}/bin/tenantc")
  if(NOT EXISTS "${host_dir}/CMakeCache.txt")
    message(STATUS "tenantc: building the compiler for this host in ${host_dir} (once)")
    # -O2: GCC 12 at -O3 reports a false -Wrestrict in std::string code, an error here.
    execute_process(
      COMMAND "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_SOURCE_DIR}" -B "${host_dir}" -G "${CMAKE_GENERATOR}"
              -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" -DTENANTC_BUILD_TESTS=OFF
              "-DCMAKE_RUNTIME_OUTPUT_DIRECTORY_RELEASE=${host_dir}/bin"
              "-DCMAKE_MAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}"
      RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
      file(REMOVE "${host_dir}/CMakeCache.txt")
      message(FATAL_ERROR "tenantc: configuring the host compiler in ${host_dir} failed")
    endif()
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${host_dir}" --config Release --target tenantc
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "tenantc: building the host compiler in ${host_dir} failed")
  endif()
  # Edits to the compiler re-run CMake, which rebuilds it; the generated code then follows.
  file(GLOB compiler_files "${CMAKE_CURRENT_SOURCE_DIR}/compiler/*" "${CMAKE_CURRENT_SOURCE_DIR}/templates/*")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               "${CMAKE_CURRENT_SOURCE_DIR}/compiler" "${CMAKE_CURRENT_SOURCE_DIR}/templates" ${compiler_files})
endif()
if(tenantc_imported_exe)
  add_executable(tenantc::tenantc IMPORTED GLOBAL)
  set_target_properties(tenantc::tenantc PROPERTIES IMPORTED_LOCATION "${tenantc_imported_exe}")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/TenantcGenerate.cmake)

if(NOT tenantc_IS_TOP_LEVEL)
  return()
endif()

# find_package(tenantc CONFIG) after `cmake --install`. tenantc::testing gets an export file of
# its own, loaded only where GoogleTest is found, so that the rest needs no GoogleTest.
set(config_dir "${CMAKE_INSTALL_LIBDIR}/cmake/tenantc")
install(TARGETS tenantc EXPORT tenantcTargets RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(TARGETS tenantc_runtime EXPORT tenantcTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/include/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(EXPORT tenantcTargets NAMESPACE tenantc:: DESTINATION "${config_dir}")
if(TARGET tenantc_testing)
  install(TARGETS tenantc_testing EXPORT tenantcTestingTargets
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
  install(EXPORT tenantcTestingTargets NAMESPACE tenantc:: DESTINATION "${config_dir}")
endif()
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/tenantcConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/tenantcConfig.cmake" INSTALL_DESTINATION "${config_dir}")
# 0.x: a minor version may break the generated API.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/tenantcConfigVersion.cmake"
                                 COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/tenantcConfig.cmake" "${PROJECT_BINARY_DIR}/tenantcConfigVersion.cmake"
              "${CMAKE_CURRENT_LIST_DIR}/TenantcGenerate.cmake"
        DESTINATION "${config_dir}")
