# cmake/kjerne_module.cmake
#
# kjerne_add_module(<target> [DEPENDS <targets>...]): one static library per module folder,
# built from every *.cpp under the calling folder (recursively, re-globbed at build time via
# CONFIGURE_DEPENDS) except files inside a gen/ subfolder, which hold code generators and
# their inputs, not sources of the library. Includes are written from the repo root.
function(kjerne_add_module target)
    cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS
         RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
    list(FILTER sources EXCLUDE REGEX "(^|/)gen/")
    if(NOT sources)
        message(FATAL_ERROR "${target}: no .cpp files under ${CMAKE_CURRENT_SOURCE_DIR}")
    endif()
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}")
    target_compile_features(${target} PUBLIC cxx_std_20)
    if(ARG_DEPENDS)
        target_link_libraries(${target} PUBLIC ${ARG_DEPENDS})
    endif()
endfunction()
