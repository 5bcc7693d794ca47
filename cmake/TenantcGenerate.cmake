# tenantc_generate(): runs `tenantc repos` at build time and compiles its C++ into a target.
#
#   tenantc_generate(TARGET app PROJECT tenantc.yaml [OUT_DIR dir])
#
# Adds the generated sources and their include directory to `app` and links tenantc::runtime.
# PROJECT is relative to the current source dir, OUT_DIR (default:
# ${CMAKE_CURRENT_BINARY_DIR}/tenantc/<target>) to the current binary dir.
#
# How it stays incremental:
# - The output names are asked of the compiler at configure time (`repos --list`), because
#   CMake cannot add sources during the build. The project file, every module file and the
#   schemas folder itself are configure dependencies, so a new entity (a YAML edit) or a new
#   module (the folder changes) re-runs CMake on the next build by itself. The folder is a
#   plain dependency rather than a CONFIGURE_DEPENDS glob: such a glob is re-checked on every
#   build, so `ninja -n` would never say "no work to do".
# - The command's OUTPUT is a stamp it touches; the generated files are BYPRODUCTS. tenantc
#   rewrites only files whose bytes change, so with Ninja (restat) an edit to one entity
#   recompiles only the sources that include that entity's files, and a rerun with no change
#   recompiles nothing. Had the generated files been the OUTPUTs, every build would rerun the
#   command, since files left untouched stay older than the YAML.
include_guard(GLOBAL)

# The schemas folder named by a project file: its top-level `schemas:` (plain or quoted
# scalar), else `schemas`, relative to the project file. Read here rather than asked of the
# compiler so that it is known even while the schemas do not compile, which keeps the
# configure dependencies right until they do.
function(_tenantc_schemas_dir project out_var)
  set(dir schemas)
  file(STRINGS "${project}" lines REGEX "^schemas[ \t]*:")
  if(lines)
    list(GET lines 0 line)
    string(REGEX REPLACE "^schemas[ \t]*:[ \t]*" "" value "${line}")
    string(REGEX REPLACE "[ \t]+#.*$" "" value "${value}")
    string(STRIP "${value}" value)
    string(REGEX REPLACE "^\"(.*)\"$" "\\1" value "${value}")
    string(REGEX REPLACE "^'(.*)'$" "\\1" value "${value}")
    if(NOT value STREQUAL "")
      set(dir "${value}")
    endif()
  endif()
  cmake_path(GET project PARENT_PATH project_dir)
  cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY "${project_dir}" NORMALIZE)
  set(${out_var} "${dir}" PARENT_SCOPE)
endfunction()

function(tenantc_generate)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "TARGET;PROJECT;OUT_DIR" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tenantc_generate: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TARGET OR NOT arg_PROJECT)
    message(FATAL_ERROR "tenantc_generate: usage: tenantc_generate(TARGET t PROJECT tenantc.yaml [OUT_DIR dir])")
  endif()
  if(NOT TARGET "${arg_TARGET}")
    message(FATAL_ERROR "tenantc_generate: no target named '${arg_TARGET}' (create it first)")
  endif()
  get_target_property(type "${arg_TARGET}" TYPE)
  if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
    message(FATAL_ERROR "tenantc_generate: '${arg_TARGET}' is a ${type}; it must compile sources")
  endif()
  if(NOT TARGET tenantc::tenantc OR NOT TARGET tenantc::runtime)
    message(FATAL_ERROR "tenantc_generate: tenantc::tenantc and tenantc::runtime are missing; "
                        "use find_package(tenantc CONFIG REQUIRED) or add_subdirectory(tenantc) first")
  endif()
  # The compiler has to run at configure time, so it must exist before the build: the installed
  # one, or the one add_subdirectory builds for the host (both are imported targets).
  get_target_property(imported tenantc::tenantc IMPORTED)
  if(NOT imported)
    message(FATAL_ERROR "tenantc_generate: tenantc::tenantc is built by this same build, so it cannot "
                        "name the outputs at configure time; set TENANTC_EXECUTABLE to an existing tenantc")
  endif()
  get_target_property(tenantc_exe tenantc::tenantc LOCATION)

  cmake_path(ABSOLUTE_PATH arg_PROJECT BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
             OUTPUT_VARIABLE project)
  if(NOT EXISTS "${project}")
    message(FATAL_ERROR "tenantc_generate: no project file ${project}")
  endif()
  if(arg_OUT_DIR)
    cmake_path(ABSOLUTE_PATH arg_OUT_DIR BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE
               OUTPUT_VARIABLE out_dir)
  else()
    set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/tenantc/${arg_TARGET}")
  endif()
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/tenantc/${arg_TARGET}.stamp")
  file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/tenantc")  # Ninja makes it, Make does not

  _tenantc_schemas_dir("${project}" schemas_dir)
  file(GLOB modules "${schemas_dir}/*.yaml" "${schemas_dir}/*.yml")
  set(inputs "${project}" ${modules})
  if(IS_DIRECTORY "${schemas_dir}")
    list(APPEND inputs "${schemas_dir}")  # its mtime moves when a module file is added or removed
  endif()
  # The compiler too: another version may name its outputs differently.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${inputs} "${tenantc_exe}")

  execute_process(
    COMMAND "${tenantc_exe}" --project "${project}" repos --list
    OUTPUT_VARIABLE listed ERROR_VARIABLE errors RESULT_VARIABLE status)
  set(cache_var "_TENANTC_OUTPUTS_${arg_TARGET}")
  if(status EQUAL 0)
    string(REGEX REPLACE "\n$" "" listed "${listed}")
    string(REPLACE "\n" ";" listed "${listed}")
    set(${cache_var} "${listed}" CACHE INTERNAL "tenantc outputs of ${arg_TARGET}, relative to its OUT_DIR")
  else()
    # Configuring goes on with the last good list (none the first time): the build then runs
    # tenantc, which fails with the same messages, so a YAML error fails the build, not CMake.
    message(WARNING "tenantc_generate(${arg_TARGET}): tenantc cannot read ${project} yet; "
                    "the build will fail until it can:\n${errors}")
    set(listed "${${cache_var}}")
  endif()

  set(outputs "")
  set(sources "")
  foreach(rel IN LISTS listed)
    list(APPEND outputs "${out_dir}/${rel}")
    if(rel MATCHES "\\.(cpp|hpp)$")
      list(APPEND sources "${out_dir}/${rel}")
    endif()
  endforeach()

  cmake_path(RELATIVE_PATH project BASE_DIRECTORY "${CMAKE_SOURCE_DIR}" OUTPUT_VARIABLE shown)
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND tenantc::tenantc --project "${project}" --quiet repos --out "${out_dir}"
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    BYPRODUCTS ${outputs}
    DEPENDS ${inputs} "$<TARGET_FILE:tenantc::tenantc>"
    COMMENT "tenantc: C++ repositories of ${shown}"
    VERBATIM)
  # A custom target, so that TARGET may also have been created in another directory.
  add_custom_target(${arg_TARGET}_tenantc DEPENDS "${stamp}")
  add_dependencies(${arg_TARGET} ${arg_TARGET}_tenantc)

  # The generated sources hold file-local helpers of the same names: never one unity file.
  set_source_files_properties(${sources} TARGET_DIRECTORY ${arg_TARGET}
                              PROPERTIES GENERATED TRUE SKIP_UNITY_BUILD_INCLUSION TRUE)
  target_sources(${arg_TARGET} PRIVATE ${sources})
  if(type STREQUAL "EXECUTABLE")
    target_include_directories(${arg_TARGET} PRIVATE "${out_dir}")
    # Properties rather than target_link_libraries: that command refuses to mix its keyword
    # and plain forms on one target, and we cannot know which one the caller uses.
    set_property(TARGET ${arg_TARGET} APPEND PROPERTY LINK_LIBRARIES tenantc::runtime)
  else()
    # A library's own headers may expose generated types, so its users get them too.
    target_include_directories(${arg_TARGET} PUBLIC "${out_dir}")
    set_property(TARGET ${arg_TARGET} APPEND PROPERTY LINK_LIBRARIES tenantc::runtime)
    set_property(TARGET ${arg_TARGET} APPEND PROPERTY INTERFACE_LINK_LIBRARIES tenantc::runtime)
  endif()
endfunction()
