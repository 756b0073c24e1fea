# Tests of the HTTP client reader and the discovery readers; the config test
# binary includes this file and compiles these sources with its own.
list(APPEND TTAM_CONFIG_TEST_EXTRA_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/http_client_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sd_test.cpp
)
