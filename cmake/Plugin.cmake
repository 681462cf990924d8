# plab_add_plugin(<name> SOURCES <entry.cpp ...> [LIBS <libs...>])
# Builds an experiment module as a shared library in the build's plugin folder, with hidden
# visibility: only the three contract symbols (ABI version, manifest, entry point) are exported.
function(plab_add_plugin name)
  cmake_parse_arguments(P "" "OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  if(NOT P_OUTPUT_DIR)
    set(P_OUTPUT_DIR ${PLAB_BUILD_PLUGIN_DIR})
  endif()
  add_library(${name} MODULE ${P_SOURCES})
  plab_warnings(${name})
  target_link_libraries(${name} PRIVATE plab::core ${P_LIBS})
  set_target_properties(${name} PROPERTIES
    PREFIX "" OUTPUT_NAME "plab-${name}"
    LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(P_OUTPUT_DIR STREQUAL PLAB_BUILD_PLUGIN_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/paretolab/plugins)
  endif()
endfunction()
