#include "app/cli.hpp"

int main(int argc, char** argv) { return hearth::app::run_cli(argc, argv); }
