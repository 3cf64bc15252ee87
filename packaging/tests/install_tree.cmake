# `cmake --install` into a scratch prefix: the tree has the executable, its
# desktop entry, metainfo, icons and man page, and the installed executable
# lists the bundled scenarios. Run by ctest: cmake -DBUILD=... -DSTAGE=...
# -DAPP_ID=... -P this.
file(REMOVE_RECURSE ${STAGE})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${STAGE}
                OUTPUT_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD} --prefix ${STAGE} exited with ${rc}")
endif()
set(expected
  bin/clusterscope
  share/applications/${APP_ID}.desktop
  share/metainfo/${APP_ID}.metainfo.xml
  share/icons/hicolor/scalable/apps/clusterscope.svg
  share/man/man1/clusterscope.1.gz)
foreach(size 48 64 128 256 512)
  list(APPEND expected share/icons/hicolor/${size}x${size}/apps/clusterscope.png)
endforeach()
foreach(f IN LISTS expected)
  if(NOT EXISTS ${STAGE}/${f})
    message(FATAL_ERROR "cmake --install did not install ${f}")
  endif()
endforeach()
execute_process(COMMAND ${STAGE}/bin/clusterscope --list-scenarios
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "leader-fails \\(default\\)")
  message(FATAL_ERROR "the installed clusterscope --list-scenarios exited with ${rc}:\n${out}")
endif()
file(REMOVE_RECURSE ${STAGE})
