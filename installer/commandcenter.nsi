; The Windows installer of commandcenter (NSIS 3, Unicode, amd64).
;
; makensis -DVERSION=0.1.0 -DBUNDLE=<folder> -DAPP_EXE=<exe> [-DAPP_ARGS=<args>] \
;          -DFILELIST=<nsh> -DOUTFILE=<setup.exe> installer/commandcenter.nsi
;
; FILELIST (installer/nsis_filelist.py writes it) lists the bundle's top-level entries:
; the uninstaller removes those and nothing else of the program folder.
;
; BUNDLE is the program folder to install, whatever built it: PyInstaller's
; dist/commandcenter (APP_EXE=commandcenter.exe) or the cross-assembled embeddable CPython
; (APP_EXE=pythonw.exe, APP_ARGS="-m commandcenter"). Either way the executable sits at the
; top of the install folder, where the program looks for the site preset commandcenter.ini.
;
; Command line (all optional; /S silent; /D=dir must come last, as NSIS wants):
;   /ALLUSERS | /CURRENTUSER   install mode; default: all users when elevated, else per user
;   /CONFIG=file               preset to install (default: commandcenter.ini next to setup.exe)
;   /DB=url /LANGUAGE=zh_CN|en /WALLSCREEN=name /WALLPLAYLIST=list   preset keys, over the file
;                              (the preset's language is also the installer's and the shortcuts')
;   /DESKTOP                   also a desktop shortcut
; Uninstaller: /S silent; /REMOVEDATA also deletes this user's data and settings.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
!ifdef NOCOMPRESS  ; CI's check that the script builds against a bundle layout
  SetCompress off
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 64
!endif

!ifndef VERSION
  !error "give -DVERSION=x.y.z"
!endif
!ifndef BUNDLE
  !error "give -DBUNDLE=<program folder>"
!endif
!ifndef APP_EXE
  !define APP_EXE "commandcenter.exe"
!endif
!ifndef APP_ARGS
  !define APP_ARGS ""
!endif
!ifndef OUTFILE
  !define OUTFILE "commandcenter-${VERSION}-win64-setup.exe"
!endif
!ifndef FILELIST
  !error "give -DFILELIST=<nsh file>: the uninstaller's Delete/RMDir lines for the bundle's top level"
!endif
!ifndef ICON
  !define ICON "../resources/icons/commandcenter.ico"
!endif

!define APP "commandcenter"
!define PUBLISHER "网格化管理监督指挥中心"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define PRESET "commandcenter.ini"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include StrFunc.nsh
${StrStr}

Name "$(ProductName)"
OutFile "${OUTFILE}"
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_WELCOMEFINISHPAGE_BITMAP "welcome.bmp"
!define MUI_UNWELCOMEFINISHPAGE_BITMAP "welcome.bmp"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_PARAMETERS "${APP_ARGS}"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; Chinese first: it is the default when Windows speaks neither language.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

; Names in both languages as defines too: the uninstaller removes both sets, whatever
; language it runs in (and an INI file would keep Chinese only on a Chinese Windows).
!define NAME_ZH "网格化管理监督指挥中心"
!define NAME_EN "Grid Management Command Center"
!define DESK_ZH "调度台"
!define DESK_EN "调度台 Dispatcher"
!define WALL_ZH "大屏"
!define WALL_EN "大屏 Wall display"
!define REVIEW_ZH "月度考核"
!define REVIEW_EN "月度考核 Monthly review"
LangString ProductName ${LANG_SIMPCHINESE} "${NAME_ZH}"
LangString ProductName ${LANG_ENGLISH} "${NAME_EN}"
LangString Desk ${LANG_SIMPCHINESE} "${DESK_ZH}"
LangString Desk ${LANG_ENGLISH} "${DESK_EN}"
LangString Wall ${LANG_SIMPCHINESE} "${WALL_ZH}"
LangString Wall ${LANG_ENGLISH} "${WALL_EN}"
LangString Review ${LANG_SIMPCHINESE} "${REVIEW_ZH}"
LangString Review ${LANG_ENGLISH} "${REVIEW_EN}"
LangString SecProgram ${LANG_SIMPCHINESE} "程序和开始菜单快捷方式"
LangString SecProgram ${LANG_ENGLISH} "Program and Start-menu shortcuts"
LangString SecDesktop ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString NeedAdmin ${LANG_SIMPCHINESE} "为所有用户安装需要管理员权限。"
LangString NeedAdmin ${LANG_ENGLISH} "Installing for all users needs administrator rights."
LangString NoPreset ${LANG_SIMPCHINESE} "找不到配置文件："
LangString NoPreset ${LANG_ENGLISH} "Configuration file not found: "
LangString AskRemoveData ${LANG_SIMPCHINESE} "同时删除本用户的数据库和设置吗？（默认保留）"
LangString AskRemoveData ${LANG_ENGLISH} "Also delete this user's database and settings? (kept by default)"

Var OptName       ; GetOpt's argument ("/DB=") and result
Var OptValue
Var AllUsers      ; 1: all users (HKLM, Program Files), 0: this user (HKCU, LocalAppData)
Var Params

!macro SetMode
  ${If} $AllUsers == 1
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
!macroend

; The value of option $OptName up to the next " /" or the end, into $OptValue; the error
; flag when absent. GetOptions would cut a URL at its "//".
Function GetOpt
  ClearErrors
  ${StrStr} $OptValue " $Params" " $OptName"
  ${If} $OptValue == ""
    SetErrors
    Return
  ${EndIf}
  StrLen $R9 " $OptName"
  StrCpy $OptValue $OptValue "" $R9
  ${StrStr} $R8 $OptValue " /"
  StrLen $R8 $R8
  StrLen $R9 $OptValue
  IntOp $R9 $R9 - $R8
  StrCpy $OptValue $OptValue $R9
FunctionEnd
!macro GetOpt name
  StrCpy $OptName "${name}"
  Call GetOpt
!macroend

Function .onInit
  ${GetParameters} $Params
  UserInfo::GetAccountType
  Pop $0
  StrCpy $AllUsers 0
  ${If} $0 == "Admin"
    StrCpy $AllUsers 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $Params "/CURRENTUSER" $1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 0
  ${EndIf}
  ClearErrors
  ${GetOptions} $Params "/ALLUSERS" $1
  ${IfNot} ${Errors}
    ${If} $0 != "Admin"
      MessageBox MB_ICONSTOP "$(NeedAdmin)" /SD IDOK
      SetErrorLevel 740  ; ERROR_ELEVATION_REQUIRED
      Quit
    ${EndIf}
    StrCpy $AllUsers 1
  ${EndIf}
  !insertmacro SetMode
  ; /D= wins; else the folder of an installed version (upgrade in place); else the default.
  ${If} $INSTDIR == ""
    ReadRegStr $INSTDIR SHCTX "${UNINSTALL_KEY}" "InstallLocation"
  ${EndIf}
  ${If} $INSTDIR == ""
    ${If} $AllUsers == 1
      StrCpy $INSTDIR "$PROGRAMFILES64\${APP}"
    ${Else}
      StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APP}"
    ${EndIf}
  ${EndIf}
  ; The installer speaks the preset's language (its file or /LANGUAGE=), else asks, with
  ; the system's language first; shortcut names follow it.
  !insertmacro GetOpt "/CONFIG="
  StrCpy $1 $OptValue
  ${If} ${Errors}
    StrCpy $1 "$EXEDIR\${PRESET}"
  ${EndIf}
  ${IfNot} ${FileExists} $1
    StrCpy $1 "$INSTDIR\${PRESET}"  ; an upgrade keeps the installed one
  ${EndIf}
  ReadINIStr $2 $1 "interface" "language"
  !insertmacro GetOpt "/LANGUAGE="
  ${IfNot} ${Errors}
    StrCpy $2 $OptValue
  ${EndIf}
  ${If} $2 == "en"
    StrCpy $LANGUAGE ${LANG_ENGLISH}
  ${ElseIf} $2 == "zh_CN"
    StrCpy $LANGUAGE ${LANG_SIMPCHINESE}
  ${Else}
    !insertmacro MUI_LANGDLL_DISPLAY
  ${EndIf}
  ; A preset named on the command line must exist before anything is written.
  !insertmacro GetOpt "/CONFIG="
  ${IfNot} ${Errors}
  ${AndIfNot} ${FileExists} $OptValue
    MessageBox MB_ICONSTOP "$(NoPreset)$OptValue" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  ClearErrors
  ${GetOptions} $Params "/DESKTOP" $1
  ${IfNot} ${Errors}
  ; an upgrade keeps it (by both names: $(…) strings follow $LANGUAGE only after .onInit)
  ${OrIf} ${FileExists} "$DESKTOP\${NAME_ZH}.lnk"
  ${OrIf} ${FileExists} "$DESKTOP\${NAME_EN}.lnk"
    SectionSetFlags 1 ${SF_SELECTED}  ; 1: the desktop section
  ${EndIf}
FunctionEnd

; The preset: the file given with /CONFIG=, else the one next to setup.exe, else the
; installed one is kept; keys given on the command line are written over it.
Function InstallPreset
  !insertmacro GetOpt "/CONFIG="
  StrCpy $0 $OptValue
  ${If} ${Errors}
    StrCpy $0 "$EXEDIR\${PRESET}"
    ${If} ${FileExists} $0
      CopyFiles /SILENT $0 "$INSTDIR\${PRESET}"
    ${EndIf}
  ${Else}  ; .onInit has made sure it exists
    CopyFiles /SILENT $0 "$INSTDIR\${PRESET}"
  ${EndIf}
  !macro PresetKey option section key
    !insertmacro GetOpt "${option}"
    ${IfNot} ${Errors}
      WriteINIStr "$INSTDIR\${PRESET}" "${section}" "${key}" $OptValue
    ${EndIf}
  !macroend
  !insertmacro PresetKey "/DB=" "database" "url"
  !insertmacro PresetKey "/LANGUAGE=" "interface" "language"
  !insertmacro PresetKey "/WALLSCREEN=" "wall" "screen"
  !insertmacro PresetKey "/WALLPLAYLIST=" "wall" "playlist"
FunctionEnd

Section "$(SecProgram)" SecProgram
  SectionIn RO
  ; Upgrade in place: the old version's uninstaller removes its files (never the user
  ; data, never the preset), then the new files go in.
  ${If} ${FileExists} "$INSTDIR\uninstall.exe"
    ExecWait '"$INSTDIR\uninstall.exe" /S /UPGRADE _?=$INSTDIR'
    Delete "$INSTDIR\uninstall.exe"
  ${EndIf}
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*"
  File "/oname=${APP}.ico" "${ICON}"
  Call InstallPreset
  WriteINIStr "$INSTDIR\install.ini" "install" "all_users" $AllUsers
  WriteINIStr "$INSTDIR\install.ini" "install" "version" "${VERSION}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\$(ProductName)"
  CreateShortcut "$SMPROGRAMS\$(ProductName)\$(Desk).lnk" "$INSTDIR\${APP_EXE}" "${APP_ARGS}" "$INSTDIR\${APP}.ico"
  CreateShortcut "$SMPROGRAMS\$(ProductName)\$(Wall).lnk" "$INSTDIR\${APP_EXE}" "${APP_ARGS} wall" "$INSTDIR\${APP}.ico"
  CreateShortcut "$SMPROGRAMS\$(ProductName)\$(Review).lnk" "$INSTDIR\${APP_EXE}" "${APP_ARGS} review" "$INSTDIR\${APP}.ico"

  ; Apps & Features
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "$(ProductName)"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP}.ico"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section /o "$(SecDesktop)" SecDesktop
  CreateShortcut "$DESKTOP\$(ProductName).lnk" "$INSTDIR\${APP_EXE}" "${APP_ARGS}" "$INSTDIR\${APP}.ico"
SectionEnd

!macro RemoveShortcuts folder desk wall review
  Delete "$SMPROGRAMS\${folder}\${desk}.lnk"
  Delete "$SMPROGRAMS\${folder}\${wall}.lnk"
  Delete "$SMPROGRAMS\${folder}\${review}.lnk"
  RMDir "$SMPROGRAMS\${folder}"  ; only if nothing else is in it
  Delete "$DESKTOP\${folder}.lnk"
!macroend

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  ReadINIStr $AllUsers "$INSTDIR\install.ini" "install" "all_users"
  !insertmacro SetMode
FunctionEnd

Section "Uninstall"
  ${GetParameters} $Params
  !insertmacro RemoveShortcuts "${NAME_ZH}" "${DESK_ZH}" "${WALL_ZH}" "${REVIEW_ZH}"
  !insertmacro RemoveShortcuts "${NAME_EN}" "${DESK_EN}" "${WALL_EN}" "${REVIEW_EN}"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  ClearErrors
  ${GetOptions} $Params "/UPGRADE" $0
  ${If} ${Errors}  ; an upgrade keeps the preset; the new version may bring another
    Delete "$INSTDIR\${PRESET}"
  ${EndIf}
  ; Only what the installer put there: the program folder is never the data folder
  ; (%LOCALAPPDATA%\commandcenter), but /D= may have pointed it anywhere.
  !include "${FILELIST}"
  Delete "$INSTDIR\${APP}.ico"
  Delete "$INSTDIR\install.ini"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ClearErrors
  ${GetOptions} $Params "/REMOVEDATA" $0
  ${If} ${Errors}
    ${IfNot} ${Silent}
      MessageBox MB_YESNO|MB_DEFBUTTON2 "$(AskRemoveData)" IDNO keep
    ${Else}
      Goto keep
    ${EndIf}
  ${EndIf}
  SetShellVarContext current  ; the data belong to the user who uninstalls
  RMDir /r "$LOCALAPPDATA\${APP}"
  DeleteRegKey HKCU "Software\${APP}"
  keep:
SectionEnd
