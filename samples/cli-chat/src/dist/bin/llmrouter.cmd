@echo off
rem llmrouter: runs the llmrouter CLI from its distribution archive. Needs a Java 17+ runtime:
rem JAVA_HOME\bin\java.exe when JAVA_HOME is set, else java on the PATH. JAVA_OPTS adds JVM options.
setlocal
set "LLMROUTER_HOME=%~dp0.."
if defined JAVA_HOME (
  set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA_EXE=java"
)
"%JAVA_EXE%" %JAVA_OPTS% -jar "%LLMROUTER_HOME%\lib\llmrouter-cli.jar" %*
exit /b %ERRORLEVEL%
