#pragma once

namespace hearth::app {

// hearth serve | migrate | seed | admin create | --help
int run_cli(int argc, char** argv);

}  // namespace hearth::app
