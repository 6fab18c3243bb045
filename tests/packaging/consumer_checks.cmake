# Shared by the packaging consumers (included from their CMakeLists.txt).

# The consumer's own strict flags. medbudget's headers must compile cleanly under them.
function(medbudget_consumer_flags target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror)
endfunction()

# medbudget's warnings are PRIVATE: nothing warning-related may reach a consumer through the
# targets' usage requirements.
function(medbudget_assert_no_inherited_warnings)
  foreach(t IN LISTS ARGN)
    if(NOT TARGET ${t})
      message(FATAL_ERROR "target ${t} is missing")
    endif()
    get_target_property(opts ${t} INTERFACE_COMPILE_OPTIONS)
    if(opts AND opts MATCHES "-W")
      message(FATAL_ERROR "${t} leaks warning flags to consumers: ${opts}")
    endif()
  endforeach()
endfunction()
