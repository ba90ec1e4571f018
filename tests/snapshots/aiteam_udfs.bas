Function AITEAM_BUDGET(stage, Optional months)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_BUDGET = XLPy.CallUDF("aiteam_udfs", "AITEAM_BUDGET", Array(stage, months), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_BUDGET = XLPy.CallUDF("aiteam_udfs", "AITEAM_BUDGET", Array(stage, months))
        Exit Function
    #End If
failed:
    AITEAM_BUDGET = Err.Description
End Function

Function AITEAM_CHECK(staffing_range)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_CHECK = XLPy.CallUDF("aiteam_udfs", "AITEAM_CHECK", Array(staffing_range), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_CHECK = XLPy.CallUDF("aiteam_udfs", "AITEAM_CHECK", Array(staffing_range))
        Exit Function
    #End If
failed:
    AITEAM_CHECK = Err.Description
End Function

Function AITEAM_COVERAGE(staffing_range)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_COVERAGE = XLPy.CallUDF("aiteam_udfs", "AITEAM_COVERAGE", Array(staffing_range), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_COVERAGE = XLPy.CallUDF("aiteam_udfs", "AITEAM_COVERAGE", Array(staffing_range))
        Exit Function
    #End If
failed:
    AITEAM_COVERAGE = Err.Description
End Function

Function AITEAM_HEADCOUNT(stage, Optional role, Optional bound)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_HEADCOUNT = XLPy.CallUDF("aiteam_udfs", "AITEAM_HEADCOUNT", Array(stage, role, bound), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_HEADCOUNT = XLPy.CallUDF("aiteam_udfs", "AITEAM_HEADCOUNT", Array(stage, role, bound))
        Exit Function
    #End If
failed:
    AITEAM_HEADCOUNT = Err.Description
End Function

Function AITEAM_HIRE_WINDOW(role)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_HIRE_WINDOW = XLPy.CallUDF("aiteam_udfs", "AITEAM_HIRE_WINDOW", Array(role), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_HIRE_WINDOW = XLPy.CallUDF("aiteam_udfs", "AITEAM_HIRE_WINDOW", Array(role))
        Exit Function
    #End If
failed:
    AITEAM_HIRE_WINDOW = Err.Description
End Function

Function AITEAM_INFER_HOURS(params, tokens, Optional gpu_type, Optional mfu)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_INFER_HOURS = XLPy.CallUDF("aiteam_udfs", "AITEAM_INFER_HOURS", Array(params, tokens, gpu_type, mfu), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_INFER_HOURS = XLPy.CallUDF("aiteam_udfs", "AITEAM_INFER_HOURS", Array(params, tokens, gpu_type, mfu))
        Exit Function
    #End If
failed:
    AITEAM_INFER_HOURS = Err.Description
End Function

Function AITEAM_LOADED_COST(role, Optional level, Optional months)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_LOADED_COST = XLPy.CallUDF("aiteam_udfs", "AITEAM_LOADED_COST", Array(role, level, months), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_LOADED_COST = XLPy.CallUDF("aiteam_udfs", "AITEAM_LOADED_COST", Array(role, level, months))
        Exit Function
    #End If
failed:
    AITEAM_LOADED_COST = Err.Description
End Function

Function AITEAM_PLAYBOOK(Optional day)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_PLAYBOOK = XLPy.CallUDF("aiteam_udfs", "AITEAM_PLAYBOOK", Array(day), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_PLAYBOOK = XLPy.CallUDF("aiteam_udfs", "AITEAM_PLAYBOOK", Array(day))
        Exit Function
    #End If
failed:
    AITEAM_PLAYBOOK = Err.Description
End Function

Function AITEAM_RISK(measure, percentile, Optional stage, Optional runs, Optional seed)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_RISK = XLPy.CallUDF("aiteam_udfs", "AITEAM_RISK", Array(measure, percentile, stage, runs, seed), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_RISK = XLPy.CallUDF("aiteam_udfs", "AITEAM_RISK", Array(measure, percentile, stage, runs, seed))
        Exit Function
    #End If
failed:
    AITEAM_RISK = Err.Description
End Function

Function AITEAM_ROLE(role, Optional field)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_ROLE = XLPy.CallUDF("aiteam_udfs", "AITEAM_ROLE", Array(role, field), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_ROLE = XLPy.CallUDF("aiteam_udfs", "AITEAM_ROLE", Array(role, field))
        Exit Function
    #End If
failed:
    AITEAM_ROLE = Err.Description
End Function

Function AITEAM_ROLES(stage)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_ROLES = XLPy.CallUDF("aiteam_udfs", "AITEAM_ROLES", Array(stage), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_ROLES = XLPy.CallUDF("aiteam_udfs", "AITEAM_ROLES", Array(stage))
        Exit Function
    #End If
failed:
    AITEAM_ROLES = Err.Description
End Function

Function AITEAM_SALARY(role, Optional level)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_SALARY = XLPy.CallUDF("aiteam_udfs", "AITEAM_SALARY", Array(role, level), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_SALARY = XLPy.CallUDF("aiteam_udfs", "AITEAM_SALARY", Array(role, level))
        Exit Function
    #End If
failed:
    AITEAM_SALARY = Err.Description
End Function

Function AITEAM_TEAM_COST(stage, Optional months)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_TEAM_COST = XLPy.CallUDF("aiteam_udfs", "AITEAM_TEAM_COST", Array(stage, months), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_TEAM_COST = XLPy.CallUDF("aiteam_udfs", "AITEAM_TEAM_COST", Array(stage, months))
        Exit Function
    #End If
failed:
    AITEAM_TEAM_COST = Err.Description
End Function

Function AITEAM_TRAIN_HOURS(params, tokens, Optional gpu_type, Optional mfu)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_TRAIN_HOURS = XLPy.CallUDF("aiteam_udfs", "AITEAM_TRAIN_HOURS", Array(params, tokens, gpu_type, mfu), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_TRAIN_HOURS = XLPy.CallUDF("aiteam_udfs", "AITEAM_TRAIN_HOURS", Array(params, tokens, gpu_type, mfu))
        Exit Function
    #End If
failed:
    AITEAM_TRAIN_HOURS = Err.Description
End Function

Function AITEAM_VERSION()
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        AITEAM_VERSION = XLPy.CallUDF("aiteam_udfs", "AITEAM_VERSION", Array(), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        AITEAM_VERSION = XLPy.CallUDF("aiteam_udfs", "AITEAM_VERSION", Array())
        Exit Function
    #End If
failed:
    AITEAM_VERSION = Err.Description
End Function

Function ML_COST(gpu_hours, Optional rate, Optional pricing, Optional utilisation, Optional gpu_type)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        ML_COST = XLPy.CallUDF("aiteam_udfs", "ML_COST", Array(gpu_hours, rate, pricing, utilisation, gpu_type), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        ML_COST = XLPy.CallUDF("aiteam_udfs", "ML_COST", Array(gpu_hours, rate, pricing, utilisation, gpu_type))
        Exit Function
    #End If
failed:
    ML_COST = Err.Description
End Function

Sub aiteam_fill_plan()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "aiteam_udfs", "aiteam_fill_plan", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "aiteam_udfs", "aiteam_fill_plan", Array()
    #End If
End Sub

Sub aiteam_fill_playbook()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "aiteam_udfs", "aiteam_fill_playbook", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "aiteam_udfs", "aiteam_fill_playbook", Array()
    #End If
End Sub

Sub aiteam_refill()
    #If App = "Microsoft Excel" Then
        XLPy.CallUDF "aiteam_udfs", "aiteam_refill", Array(), ThisWorkbook, Application.Caller
    #Else
        XLPy.CallUDF "aiteam_udfs", "aiteam_refill", Array()
    #End If
End Sub

