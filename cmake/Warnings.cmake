# Warnings on and kept at zero (STYLE.md). Third-party headers are included as SYSTEM so
# their warnings do not drown ours.
function(plab_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
                                           -Wno-missing-field-initializers)
endfunction()
