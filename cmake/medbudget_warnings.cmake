# Warnings are the project's own: applied PRIVATE, never inherited by consumers.
function(medbudget_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion $<$<BOOL:${MEDBUDGET_WERROR}>:-Werror>
                         # GCC 12 reports false -Wrestrict overlaps inside std::string's own inlined
                         # code (GCC bug 105329); the warning says nothing about this project's code.
                         $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()
