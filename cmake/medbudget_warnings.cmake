# Warnings are the project's own: applied PRIVATE, never inherited by consumers.
function(medbudget_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion $<$<BOOL:${MEDBUDGET_WERROR}>:-Werror>)
endfunction()
