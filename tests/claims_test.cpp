// Placeholder.
#include <gtest/gtest.h>
TEST(Claims, Placeholder) { SUCCEED(); }
