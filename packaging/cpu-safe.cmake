# Read by llama-cpp-python's build through CMAKE_ARGS="-DCMAKE_PROJECT_INCLUDE=<this file>"
# (README.md, .ci/run, packaging/build.sh). It keeps ggml's AMX kernels out of the build.
#
# Why: with the default -march=native on an Intel CPU that reports AMX (Sapphire Rapids and
# later), ggml compiles its AMX matrix kernels, and on hosts where the kernel does not grant the
# tile state (common in VMs) every prompt batch above a few dozen tokens dies with SIGILL at
# `tilezero` / `tileloadd` (llama.cpp PR #26954, open). Everything else -march=native gives
# (AVX2, AVX-512, VNNI, ...) stays. On ARM, other CPUs and MSVC this file changes nothing.
# To build AMX back in on a host where it works, leave CMAKE_PROJECT_INCLUDE out.
include_guard(GLOBAL)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x86|i[3-6]86)$"
   AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang" AND NOT MSVC)
  include(CheckCCompilerFlag)
  foreach(_quill_flag -mno-amx-tile -mno-amx-int8 -mno-amx-bf16 -mno-amx-fp16 -mno-amx-complex)
    string(MAKE_C_IDENTIFIER "QUILL_HAS${_quill_flag}" _quill_var)
    check_c_compiler_flag("${_quill_flag}" ${_quill_var})
    if(${_quill_var})
      add_compile_options("${_quill_flag}")
    endif()
  endforeach()
  message(STATUS "Quill: ggml's AMX kernels left out (packaging/cpu-safe.cmake)")
endif()
