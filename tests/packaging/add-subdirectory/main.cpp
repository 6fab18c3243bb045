#include "check.hpp"

int main() { return medbudget_consumer_check("add-subdirectory"); }
